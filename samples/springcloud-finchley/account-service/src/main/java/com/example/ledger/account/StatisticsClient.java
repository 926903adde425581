package com.example.ledger.account;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

// statistics-service serves under its context path, so the mapping repeats it
@FeignClient(name = "statistics-service", fallback = StatisticsClientFallback.class)
public interface StatisticsClient {

    @RequestMapping(method = RequestMethod.GET, value = "/statistics/{account}")
    String monthly(@PathVariable("account") String account);
}
