{{- define "qs-redis-operator.fullname" -}}
{{- printf "%s" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "qs-redis-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "qs-redis-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "qs-redis-operator.labels" -}}
app.kubernetes.io/name: qs-redis-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "qs-redis-operator.selectorLabels" -}}
app.kubernetes.io/name: qs-redis-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
