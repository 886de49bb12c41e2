{{/* Names, labels and small helpers shared by every template. */}}

{{- define "panels.name" -}}
{{- default "panels" .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-panels, unless the release name already contains it. */}}
{{- define "panels.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "panels.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The name of one service's objects: <fullname>-<service>. Call with (dict "root" $ "service" $name). */}}
{{- define "panels.serviceName" -}}
{{- printf "%s-%s" (include "panels.fullname" .root) .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "panels.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: panels
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select one service's pods. Call with (dict "root" $ "service" $name). */}}
{{- define "panels.selectorLabels" -}}
app.kubernetes.io/name: {{ .service }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* All labels of one service's objects: the common ones (instance included) plus its name. */}}
{{- define "panels.serviceLabels" -}}
{{ include "panels.labels" .root }}
app.kubernetes.io/name: {{ .service }}
app.kubernetes.io/component: {{ if eq .service "gateway" }}gateway{{ else }}service{{ end }}
{{- end -}}

{{- define "panels.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- printf "%s/%s/%s:%s" .root.Values.image.registry .root.Values.image.group .service $tag -}}
{{- end -}}

{{/* True ("true") when the service uses a platform part. Call with (dict "svc" $svc "part" "kafka"). */}}
{{- define "panels.uses" -}}
{{- if has .part .svc.uses -}}true{{- end -}}
{{- end -}}

{{/* Deployment, or StatefulSet for data-service with a spool claim per pod. Call with (dict "root" $ "service" $name). */}}
{{- define "panels.workloadKind" -}}
{{- if and (eq .service "data-service") (eq .root.Values.importSpool.mode "perPod") -}}StatefulSet{{- else -}}Deployment{{- end -}}
{{- end -}}
