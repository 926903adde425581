"""meshify: migrate Spring Cloud (Eureka) and Dubbo Maven repositories to Kubernetes and Istio."""

__version__ = "0.1.0"
