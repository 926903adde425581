package com.example.shop.order;

import com.example.shop.order.api.OrderService;
import org.apache.dubbo.config.annotation.DubboService;

import java.util.concurrent.atomic.AtomicLong;

@DubboService(version = "1.0.0")
public class OrderServiceImpl implements OrderService {

    private static final String RELEASE = "v1";

    private final AtomicLong sequence = new AtomicLong();

    @Override
    public String placeOrder(String item, int quantity) {
        return "order " + sequence.incrementAndGet() + ": " + quantity + " x " + item + " (shop-order " + RELEASE + ")";
    }

    @Override
    public String release() {
        return RELEASE;
    }
}
