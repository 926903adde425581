package com.example.shop.consumer;

import com.example.shop.api.GreetingService;
import com.example.shop.api.OrderService;
import com.example.shop.api.UserService;
import org.apache.dubbo.config.annotation.DubboReference;
import org.apache.dubbo.config.annotation.Reference;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@RestController
public class ShopController {

    @DubboReference(version = "1.0.0")
    private GreetingService greetingService;

    @DubboReference(version = "1.0.0", timeout = 5000)
    private OrderService orderService;

    // Legacy (deprecated in 2.7.7) annotation, still in use here
    @Reference(version = "1.0.0")
    private UserService userService;

    @GetMapping("/greet/{name}")
    public String greet(@PathVariable String name) {
        return greetingService.greet(name);
    }

    @PostMapping("/orders")
    public String placeOrder(@RequestParam String userId,
                             @RequestParam String item,
                             @RequestParam(defaultValue = "1") int quantity) {
        return orderService.placeOrder(userId, item, quantity);
    }

    @GetMapping("/users/{userId}")
    public Map<String, Object> user(@PathVariable String userId) {
        List<String> orders = orderService.listOrders(userId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("name", userService.findUserName(userId));
        body.put("orders", orders);
        return body;
    }
}
