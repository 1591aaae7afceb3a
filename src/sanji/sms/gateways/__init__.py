"""The SMS gateways, one module each, registered as named utilities providing ISmsGateway."""
