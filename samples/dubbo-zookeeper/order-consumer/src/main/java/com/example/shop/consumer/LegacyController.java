package com.example.shop.consumer;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class LegacyController {

    private final LegacyGreetingClient legacyGreetingClient;

    public LegacyController(LegacyGreetingClient legacyGreetingClient) {
        this.legacyGreetingClient = legacyGreetingClient;
    }

    @GetMapping("/legacy/greet/{name}")
    public String greetTwice(@PathVariable String name) {
        return legacyGreetingClient.greetTwice(name);
    }
}
