package com.example.greeting;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;

/** Started by Tomcat through the initializer; main() is for local runs only. */
@SpringBootApplication
public class GreetingApplication extends SpringBootServletInitializer {

    @Override
    protected SpringApplicationBuilder configure(SpringApplicationBuilder builder) {
        return builder.sources(GreetingApplication.class);
    }

    public static void main(String[] args) {
        SpringApplication.run(GreetingApplication.class, args);
    }
}
