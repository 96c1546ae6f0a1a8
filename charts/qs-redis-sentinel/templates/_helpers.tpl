{{- define "qs-redis.name" -}}
{{- .Release.Name | trunc 42 | trimSuffix "-" -}}
{{- end -}}

{{- define "qs-redis.labels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Secret holding the password: the user's, or the one this chart creates from auth.password. */}}
{{- define "qs-redis.secretName" -}}
{{- if .Values.auth.existingSecret -}}
{{- .Values.auth.existingSecret -}}
{{- else -}}
{{- printf "%s-auth" (include "qs-redis.name" .) -}}
{{- end -}}
{{- end -}}

{{- define "qs-redis.image" -}}
image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
imagePullPolicy: {{ .Values.image.pullPolicy }}
{{- with .Values.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "qs-redis.redisSecret" -}}
redisSecret:
  name: {{ include "qs-redis.secretName" . }}
  key: {{ .Values.auth.existingSecretKey | default "password" }}
{{- end -}}

{{/* The Redis servers' kubernetesConfig: they require the password when auth is enabled. */}}
{{- define "qs-redis.kubernetesConfig" -}}
{{ include "qs-redis.image" . }}
{{- if .Values.auth.enabled }}
{{ include "qs-redis.redisSecret" . }}
{{- end }}
{{- end -}}

{{/* The Sentinels' kubernetesConfig: they require the password too only with sentinel.auth. */}}
{{- define "qs-redis.sentinelKubernetesConfig" -}}
{{ include "qs-redis.image" . }}
{{- if and .Values.auth.enabled .Values.sentinel.auth }}
{{ include "qs-redis.redisSecret" . }}
{{- end }}
{{- end -}}

{{- define "qs-redis.storage" -}}
{{- if .Values.persistence.enabled }}
storage:
  keepAfterDelete: {{ .Values.persistence.keepAfterDelete }}
  volumeClaimTemplate:
    spec:
      accessModes: [ReadWriteOnce]
      {{- with .Values.persistence.storageClass }}
      storageClassName: {{ . }}
      {{- end }}
      resources:
        requests:
          storage: {{ .Values.persistence.size }}
{{- end }}
{{- end -}}

{{- define "qs-redis.exporter" -}}
{{- if .Values.metrics.enabled }}
redisExporter:
  enabled: true
  image: "{{ .Values.metrics.image.repository }}:{{ .Values.metrics.image.tag }}"
{{- end }}
{{- end -}}
