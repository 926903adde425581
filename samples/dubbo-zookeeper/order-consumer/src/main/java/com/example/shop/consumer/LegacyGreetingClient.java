package com.example.shop.consumer;

import com.alibaba.dubbo.config.annotation.Reference;
import com.example.shop.api.GreetingService;
import org.springframework.stereotype.Component;

/**
 * Older code path still written against the com.alibaba.dubbo compatibility API
 * (shipped inside org.apache.dubbo:dubbo 2.7).
 */
@Component
public class LegacyGreetingClient {

    @Reference(version = "1.0.0", check = false)
    private GreetingService greetingService;

    public String greetTwice(String name) {
        return greetingService.greet(name) + " / " + greetingService.greet(name);
    }
}
