package com.example.ledger.account;

import org.springframework.stereotype.Component;

@Component
public class StatisticsClientFallback implements StatisticsClient {

    static final String UNAVAILABLE = "statistics unavailable";

    @Override
    public String monthly(String account) {
        return UNAVAILABLE;
    }
}
