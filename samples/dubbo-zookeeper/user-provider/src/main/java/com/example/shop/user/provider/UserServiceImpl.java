package com.example.shop.user.provider;

import com.example.shop.api.UserService;
import org.apache.dubbo.config.annotation.Service;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Exported through &lt;dubbo:service&gt; in spring/dubbo-provider.xml.
 * The (deprecated since 2.7.7) Dubbo {@code @Service} annotation documents the
 * export; the Spring bean itself comes from {@code @Component}.
 */
@Service(version = "1.0.0")
@Component("userService")
public class UserServiceImpl implements UserService {

    private final Map<String, String> users = new HashMap<>();

    public UserServiceImpl() {
        users.put("u1", "Alice");
        users.put("u2", "Bob");
    }

    @Override
    public String findUserName(String userId) {
        return users.getOrDefault(userId, "unknown-" + userId);
    }
}
