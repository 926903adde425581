package com.example.petstore.customers;

import java.util.List;

import com.example.petstore.common.VisitDto;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Calls visits-service, resolved through the Eureka registry (upper-case service id).
 */
@FeignClient(name = "VISITS-SERVICE")
public interface VisitsClient {

    @GetMapping("/pets/{petId}/visits")
    List<VisitDto> visitsForPet(@PathVariable("petId") int petId);
}
