package com.example.shop.api;

/**
 * Simple greeting service exported by order-provider.
 */
public interface GreetingService {

    String greet(String name);
}
