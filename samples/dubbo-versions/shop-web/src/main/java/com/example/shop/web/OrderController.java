package com.example.shop.web;

import com.example.shop.order.api.OrderService;
import org.apache.dubbo.config.annotation.DubboReference;
import org.apache.dubbo.rpc.RpcContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Calls shop-order. A request can ask for a tagged release (the gray one) with the
 * X-Release-Tag header or the tag query parameter: the tag becomes the dubbo.tag
 * attachment of the Dubbo call, and tag routing sends it to the providers with that tag.
 */
@RestController
public class OrderController {

    static final String TAG_HEADER = "X-Release-Tag";

    @DubboReference(version = "1.0.0")
    private OrderService orderService;

    @PostMapping("/orders")
    public String placeOrder(@RequestParam String item,
                             @RequestParam(defaultValue = "1") int quantity,
                             @RequestHeader(value = TAG_HEADER, required = false) String tagHeader,
                             @RequestParam(value = "tag", required = false) String tagParam) {
        tagNextCall(tagHeader, tagParam);
        return orderService.placeOrder(item, quantity);
    }

    @GetMapping("/release")
    public String release(@RequestHeader(value = TAG_HEADER, required = false) String tagHeader,
                          @RequestParam(value = "tag", required = false) String tagParam) {
        tagNextCall(tagHeader, tagParam);
        return orderService.release();
    }

    private static void tagNextCall(String header, String param) {
        String tag = header != null && !header.isEmpty() ? header : param;
        if (tag != null && !tag.isEmpty()) {
            // applies to the next call made by this thread only
            RpcContext.getContext().setAttachment("dubbo.tag", tag);
        }
    }
}
