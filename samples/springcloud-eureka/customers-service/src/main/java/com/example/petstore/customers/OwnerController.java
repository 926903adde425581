package com.example.petstore.customers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.example.petstore.common.VisitDto;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/owners")
class OwnerController {

    private final Map<Integer, Owner> owners = new ConcurrentHashMap<>();
    private final VisitsClient visitsClient;

    OwnerController(VisitsClient visitsClient) {
        this.visitsClient = visitsClient;
        owners.put(1, new Owner(1, "George", "Franklin", "Madison",
                List.of(new Owner.Pet(1, "Leo", "cat"))));
        owners.put(2, new Owner(2, "Betty", "Davis", "Sun Prairie",
                List.of(new Owner.Pet(2, "Basil", "hamster"))));
    }

    @GetMapping
    List<Owner> findAll() {
        return List.copyOf(owners.values());
    }

    @GetMapping("/{ownerId}")
    Owner findOne(@PathVariable int ownerId) {
        Owner owner = owners.get(ownerId);
        if (owner == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "owner " + ownerId + " not found");
        }
        return owner;
    }

    @GetMapping("/{ownerId}/pets/{petId}/visits")
    List<VisitDto> visits(@PathVariable int ownerId, @PathVariable int petId) {
        findOne(ownerId);
        return visitsClient.visitsForPet(petId);
    }
}
