package com.example.ledger.account;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AccountController {

    private final StatisticsClient statistics;

    public AccountController(StatisticsClient statistics) {
        this.statistics = statistics;
    }

    @GetMapping("/{name}")
    public String account(@PathVariable String name) {
        return name + ": " + statistics.monthly(name);
    }
}
