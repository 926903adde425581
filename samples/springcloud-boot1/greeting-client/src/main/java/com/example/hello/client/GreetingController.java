package com.example.hello.client;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

@RestController
public class GreetingController {

    static final String HELLO_URL = "http://hello-service/hello/greet?name={name}";

    private final HelloClient hello;
    private final RestTemplate rest;

    public GreetingController(HelloClient hello, RestTemplate rest) {
        this.hello = hello;
        this.rest = rest;
    }

    @RequestMapping("/feign")
    public String viaFeign(@RequestParam(value = "name", defaultValue = "world") String name) {
        return hello.greet(name);
    }

    @RequestMapping("/rest")
    public String viaRestTemplate(@RequestParam(value = "name", defaultValue = "world") String name) {
        return rest.getForObject(HELLO_URL, String.class, name);
    }
}
