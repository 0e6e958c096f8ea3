"""Charts the offline engine cannot render: opaque, with a placeholder for get_resource
(tests/test_offline_programs.py)."""

import pulumi
import pulumi_kubernetes as k8s

chart = k8s.helm.v3.Chart(
    "redis", k8s.helm.v3.ChartOpts(chart="redis", fetch_opts=k8s.helm.v3.FetchOpts(repo="https://charts.example.com"))
)
svc = chart.get_resource("v1/Service", "redis-master", "data")
pulumi.export("ip", svc.spec.cluster_ip)
k8s.helm.v4.Chart("cache", chart="memcached", repository_opts={"repo": "https://charts.example.com"})
k8s.helm.v3.Release("queue", chart="rabbitmq", repository_opts={"repo": "https://charts.example.com"})
