package com.example.shop.order.api;

/**
 * Orders, served by the shop-order application.
 */
public interface OrderService {

    /**
     * Places an order and describes it, naming the release that served the call.
     */
    String placeOrder(String item, int quantity);

    /**
     * The release of shop-order that answers: "v1", "v2" or "gray".
     */
    String release();
}
