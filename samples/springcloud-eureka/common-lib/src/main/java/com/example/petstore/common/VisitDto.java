package com.example.petstore.common;

import java.time.LocalDate;

/**
 * A visit of a pet to the vet, as exchanged between customers-service and visits-service.
 */
public record VisitDto(Integer id, Integer petId, LocalDate date, String description) {
}
