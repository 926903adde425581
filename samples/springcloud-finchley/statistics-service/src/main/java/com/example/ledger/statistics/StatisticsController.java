package com.example.ledger.statistics;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class StatisticsController {

    @GetMapping("/{account}")
    public String monthly(@PathVariable String account) {
        return "0 spent by " + account;
    }
}
