"""Entry point of the component package: the Pulumi engine runs this to host the components."""

from pulumi.provider.experimental import component_provider_host

from oke_secure.components.package import COMPONENTS, PACKAGE_NAME, PACKAGE_VERSION

if __name__ == "__main__":
    component_provider_host(COMPONENTS, PACKAGE_NAME, version=PACKAGE_VERSION)
