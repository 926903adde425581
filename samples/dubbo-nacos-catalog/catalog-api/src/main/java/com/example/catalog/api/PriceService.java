package com.example.catalog.api;

/** Prices in cents, by stock-keeping unit. */
public interface PriceService {

    long priceOf(String sku);

    long totalFor(String sku, int quantity);
}
