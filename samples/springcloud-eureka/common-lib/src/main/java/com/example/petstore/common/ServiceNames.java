package com.example.petstore.common;

/**
 * Logical service ids. With Eureka they are registered upper-cased.
 */
public final class ServiceNames {

    public static final String CUSTOMERS = "customers-service";
    public static final String VISITS = "visits-service";

    private ServiceNames() {
    }
}
