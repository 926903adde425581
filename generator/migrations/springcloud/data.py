"""Spring Cloud migration rules that are data: artifacts, annotations, config keys."""
from __future__ import annotations

import re

from .versions import G

EUREKA_CLIENTS = ("spring-cloud-starter-netflix-eureka-client", "spring-cloud-starter-eureka")
EUREKA_SERVERS = ("spring-cloud-starter-netflix-eureka-server", "spring-cloud-starter-eureka-server")
RIBBON = ("spring-cloud-starter-netflix-ribbon", "spring-cloud-starter-ribbon")
FEIGN = ("spring-cloud-starter-openfeign", "spring-cloud-starter-feign")
GATEWAYS = ("spring-cloud-starter-gateway", "spring-cloud-starter-gateway-server-webflux", "spring-cloud-starter-netflix-zuul", "spring-cloud-starter-zuul")
CONFIG_CLIENT = "spring-cloud-starter-config"
CONFIG_SERVER = "spring-cloud-config-server"
BOMS = (f"{G}:spring-cloud-dependencies", f"{G}:spring-cloud-starter-parent", f"{G}:spring-cloud-kubernetes-dependencies")
BOOT_BOMS = ("org.springframework.boot:spring-boot-starter-parent", "org.springframework.boot:spring-boot-dependencies")

ENABLE_EUREKA_CLIENT = "org.springframework.cloud.netflix.eureka.EnableEurekaClient"
ENABLE_DISCOVERY_CLIENT = "org.springframework.cloud.client.discovery.EnableDiscoveryClient"
# (old, new, why): annotations replaced with their import
REPLACED_ANNOTATIONS = (
    (ENABLE_EUREKA_CLIENT, ENABLE_DISCOVERY_CLIENT, "@EnableEurekaClient is gone with Eureka; @EnableDiscoveryClient is the portable form"),
)

# config keys removed in every profile document (a prefix removes the key and everything under it)
REMOVED_PREFIXES = ("eureka", "ribbon", "*.ribbon", "spring.cloud.config.discovery", "spring.cloud.kubernetes.ribbon")
REASON_EUREKA = "Eureka and Ribbon settings have no meaning on Kubernetes"
CONFIG_STARTERS = (
    "spring-cloud-starter-kubernetes-client-config",
    "spring-cloud-starter-kubernetes-fabric8-config",
    "spring-cloud-starter-kubernetes-config",
)

# client-side timeouts and retries: Istio's VirtualService/DestinationRule take them over
_RESILIENCE_CLIENTS = re.compile(r"(^|\.)(ribbon\.|hystrix\.|feign\.client\.config\.)", re.I)
_RESILIENCE_SETTINGS = re.compile(r"(timeout|retry|retries)", re.I)


def is_resilience_key(key: str) -> bool:
    return bool(_RESILIENCE_CLIENTS.search(key) and _RESILIENCE_SETTINGS.search(key))
