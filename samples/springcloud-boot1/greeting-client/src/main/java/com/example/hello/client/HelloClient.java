package com.example.hello.client;

import org.springframework.cloud.netflix.feign.FeignClient;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;

@FeignClient(name = "hello-service")
public interface HelloClient {

    @RequestMapping(method = RequestMethod.GET, value = "/hello/greet")
    String greet(@RequestParam("name") String name);
}
