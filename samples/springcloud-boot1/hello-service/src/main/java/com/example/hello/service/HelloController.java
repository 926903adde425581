package com.example.hello.service;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class HelloController {

    @RequestMapping("/greet")
    public String greet(@RequestParam(value = "name", defaultValue = "world") String name) {
        return "Hello, " + name;
    }
}
