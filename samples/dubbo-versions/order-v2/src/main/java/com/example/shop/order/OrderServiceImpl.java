package com.example.shop.order;

import com.example.shop.order.api.OrderService;
import org.apache.dubbo.config.annotation.DubboService;

import java.util.concurrent.atomic.AtomicLong;

@DubboService(version = "1.0.0")
public class OrderServiceImpl implements OrderService {

    private static final String RELEASE = "v2";

    private final AtomicLong sequence = new AtomicLong();

    @Override
    public String placeOrder(String item, int quantity) {
        // since v2: ten or more of an item get 5% off
        String discount = quantity >= 10 ? ", 5% off" : "";
        return "order " + sequence.incrementAndGet() + ": " + quantity + " x " + item + discount + " (shop-order " + RELEASE + ")";
    }

    @Override
    public String release() {
        return RELEASE;
    }
}
