package com.example.shop.api;

import java.util.List;

/**
 * Order management service exported by order-provider.
 */
public interface OrderService {

    /**
     * Places an order and returns its id.
     */
    String placeOrder(String userId, String item, int quantity);

    /**
     * Lists the order ids of a user.
     */
    List<String> listOrders(String userId);
}
