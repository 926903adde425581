package com.example.ledger.account;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class AccountControllerTest {

    @Test
    public void fallsBackWhenStatisticsAreDown() {
        AccountController controller = new AccountController(new StatisticsClientFallback());
        assertEquals("demo: statistics unavailable", controller.account("demo"));
    }
}
