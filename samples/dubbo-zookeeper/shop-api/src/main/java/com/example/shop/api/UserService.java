package com.example.shop.api;

/**
 * User lookup service exported by user-provider.
 */
public interface UserService {

    String findUserName(String userId);
}
