package com.example.petstore.visits;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.petstore.common.ServiceNames;
import com.example.petstore.common.VisitDto;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

@RestController
class VisitController {

    private final List<VisitDto> visits = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final RestTemplate restTemplate;

    VisitController(RestTemplate restTemplate) {
        this.restTemplate = restTemplate;
        visits.add(new VisitDto(ids.incrementAndGet(), 1, LocalDate.of(2023, 3, 4), "rabies shot"));
        visits.add(new VisitDto(ids.incrementAndGet(), 2, LocalDate.of(2023, 5, 6), "neutered"));
    }

    @GetMapping("/pets/{petId}/visits")
    List<VisitDto> visitsForPet(@PathVariable int petId) {
        return visits.stream().filter(v -> v.petId() == petId).toList();
    }

    @PostMapping("/owners/{ownerId}/pets/{petId}/visits")
    @ResponseStatus(HttpStatus.CREATED)
    VisitDto create(@PathVariable int ownerId, @PathVariable int petId, @RequestBody VisitDto body) {
        // make sure the owner exists before recording the visit (load-balanced call)
        restTemplate.getForObject("http://" + ServiceNames.CUSTOMERS + "/owners/{id}", Map.class, ownerId);
        VisitDto visit = new VisitDto(ids.incrementAndGet(), petId,
                body.date() != null ? body.date() : LocalDate.now(), body.description());
        visits.add(visit);
        return visit;
    }
}
