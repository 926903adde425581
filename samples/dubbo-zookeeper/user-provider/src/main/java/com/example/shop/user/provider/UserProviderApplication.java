package com.example.shop.user.provider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.ImportResource;

import java.util.concurrent.CountDownLatch;

/**
 * User provider. Dubbo is configured through the legacy Spring XML file.
 */
@SpringBootApplication
@ImportResource("classpath:spring/dubbo-provider.xml")
public class UserProviderApplication {

    public static void main(String[] args) throws InterruptedException {
        SpringApplication.run(UserProviderApplication.class, args);
        // Classic Dubbo provider: block the main thread so the JVM keeps serving
        new CountDownLatch(1).await();
    }
}
