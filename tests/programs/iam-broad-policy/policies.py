"""Policy statements kept in one place, as the team writes them."""
def admin_statements(group: str) -> list[str]:
    return [f"Allow group {group} to manage all-resources in tenancy"]


def cluster_statements(group: str, compartment: str) -> list[str]:
    return [f"Allow group {group} to use clusters in compartment {compartment}"]
