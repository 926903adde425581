package com.example.petstore.customers;

import java.util.List;

public record Owner(int id, String firstName, String lastName, String city, List<Pet> pets) {

    public record Pet(int id, String name, String type) {
    }
}
