package com.example.catalog.price;

import com.example.catalog.api.PriceService;
import org.apache.dubbo.config.annotation.Service;

import java.util.HashMap;
import java.util.Map;

@Service(version = "1.0.0")
public class PriceServiceImpl implements PriceService {

    private final Map<String, Long> prices = new HashMap<>();

    public PriceServiceImpl() {
        prices.put("tea-earl-grey", 450L);
        prices.put("tea-sencha", 720L);
    }

    @Override
    public long priceOf(String sku) {
        Long price = prices.get(sku);
        if (price == null) {
            throw new IllegalArgumentException("unknown sku " + sku);
        }
        return price;
    }

    @Override
    public long totalFor(String sku, int quantity) {
        return priceOf(sku) * quantity;
    }
}
