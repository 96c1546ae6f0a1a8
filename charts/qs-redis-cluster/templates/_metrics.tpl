{{/* The exporters' Services, one per role: <resource>-leader-metrics, <resource>-follower-metrics (MetricsService in redis-k8s-renderer). */}}
{{- define "qs-redis.metricsServices" -}}
{{ include "qs-redis.name" . }}-(leader|follower)-metrics
{{- end -}}
