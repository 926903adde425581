package com.example.catalog.storefront;

import com.example.catalog.api.PriceService;
import org.apache.dubbo.config.annotation.Reference;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PriceController {

    @Reference(version = "1.0.0", check = false)
    private PriceService priceService;

    @GetMapping("/price/{sku}")
    public long price(@PathVariable String sku) {
        return priceService.priceOf(sku);
    }

    @GetMapping("/total/{sku}")
    public long total(@PathVariable String sku, @RequestParam int quantity) {
        return priceService.totalFor(sku, quantity);
    }
}
