package com.example.ledger.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.InputStream;
import java.util.Properties;

import org.junit.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

public class SharedConfigTest {

    private static Properties served(String name) {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("shared/" + name));
        return yaml.getObject();
    }

    @Test
    public void eachServiceHasItsOwnPortAndPath() {
        assertEquals("6000", served("account-service.yml").getProperty("server.port"));
        assertEquals("/accounts", served("account-service.yml").getProperty("server.servlet.context-path"));
        assertEquals("7000", served("statistics-service.yml").getProperty("server.port"));
        assertEquals("4000", served("gateway.yml").getProperty("server.port"));
    }

    @Test
    public void gatewayRoutesKeepTheirPaths() {
        Properties gateway = served("gateway.yml");
        assertEquals("/accounts/**", gateway.getProperty("zuul.routes.account-service.path"));
        assertEquals("/statistics/**", gateway.getProperty("zuul.routes.statistics-service.path"));
    }
}
