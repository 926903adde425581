package com.example.ledger.gateway;

import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.netflix.zuul.filters.ZuulProperties;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.junit4.SpringRunner;

@RunWith(SpringRunner.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("test")
public class GatewayApplicationTest {

    @Autowired
    private ZuulProperties zuul;

    @Test
    public void accountRouteKeepsItsPrefix() {
        ZuulProperties.ZuulRoute route = zuul.getRoutes().get("account-service");
        assertEquals("/accounts/**", route.getPath());
        assertEquals(false, route.isStripPrefix());
    }
}
