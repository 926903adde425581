package com.example.hello.client;

import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.springframework.web.client.RestTemplate;

public class GreetingControllerTest {

    @Test
    public void feignPathCarriesTheServiceContextPath() {
        HelloClient echo = name -> "Hello, " + name;
        GreetingController controller = new GreetingController(echo, new RestTemplate());
        assertEquals("Hello, Ada", controller.viaFeign("Ada"));
        assertEquals(true, GreetingController.HELLO_URL.contains("/hello/greet"));
    }
}
