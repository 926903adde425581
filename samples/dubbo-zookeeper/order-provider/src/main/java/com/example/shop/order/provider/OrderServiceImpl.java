package com.example.shop.order.provider;

import com.example.shop.api.OrderService;
import org.apache.dubbo.config.annotation.DubboService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

@DubboService(version = "1.0.0", timeout = 5000)
public class OrderServiceImpl implements OrderService {

    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, List<String>> ordersByUser = new ConcurrentHashMap<>();

    @Override
    public String placeOrder(String userId, String item, int quantity) {
        String orderId = "ORD-" + sequence.incrementAndGet() + "-" + item + "x" + quantity;
        ordersByUser.computeIfAbsent(userId, k -> new ArrayList<>()).add(orderId);
        return orderId;
    }

    @Override
    public List<String> listOrders(String userId) {
        return new ArrayList<>(ordersByUser.getOrDefault(userId, new ArrayList<>()));
    }
}
