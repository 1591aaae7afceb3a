{{/* Names and labels. */}}
{{- define "sanji.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sanji.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "sanji.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sanji.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sanji.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "sanji.selectorLabels" . }}
app.kubernetes.io/version: {{ include "sanji.tag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sanji
{{- end -}}

{{- define "sanji.tag" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "sanji.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "sanji.tag" .) -}}
{{- end -}}

{{- define "sanji.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sanji.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Storage mode and what follows from it. */}}
{{- define "sanji.filestorage" -}}
{{- if eq .Values.storage.mode "filestorage" -}}true{{- end -}}
{{- end -}}

{{/* Replicas the Deployment asks for: exactly one on FileStorage. */}}
{{- define "sanji.replicas" -}}
{{- if include "sanji.filestorage" . -}}1{{- else -}}{{ .Values.replicas }}{{- end -}}
{{- end -}}

{{/* The lowest number of replicas that can run: decides the PodDisruptionBudget. */}}
{{- define "sanji.minReplicas" -}}
{{- if include "sanji.filestorage" . -}}1
{{- else if .Values.autoscaling.enabled -}}{{ .Values.autoscaling.minReplicas }}
{{- else -}}{{ .Values.replicas }}
{{- end -}}
{{- end -}}

{{- define "sanji.dataClaim" -}}
{{- .Values.storage.filestorage.persistence.existingClaim | default (printf "%s-data" (include "sanji.fullname" .)) -}}
{{- end -}}

{{- define "sanji.internalUrl" -}}
{{- printf "http://%s:%v" (include "sanji.fullname" .) .Values.service.port -}}
{{- end -}}

{{/* Environment of every container: settings from the ConfigMap, secrets by reference. */}}
{{- define "sanji.envFrom" -}}
- configMapRef:
    name: {{ include "sanji.fullname" . }}
{{- with .Values.secrets.sms.existingSecret }}
- secretRef:
    name: {{ . }}
{{- end }}
{{- end -}}

{{- define "sanji.env" -}}
- name: SANJI_ADMIN_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.admin.existingSecret }}
      key: {{ .Values.secrets.admin.key }}
{{- with .Values.secrets.demo.existingSecret }}
- name: SANJI_DEMO_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.secrets.demo.passwordKey }}
- name: SANJI_DEMO_SEAL_PIN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.secrets.demo.sealPinKey }}
{{- end }}
{{- with .Values.secrets.redis.existingSecret }}
- name: SANJI_REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.secrets.redis.key }}
{{- end }}
{{- if eq .Values.storage.mode "relstorage" }}
{{- with .Values.storage.relstorage }}
{{- if .dsnSecret.name }}
- name: RELSTORAGE_DSN
  valueFrom:
    secretKeyRef:
      name: {{ .dsnSecret.name }}
      key: {{ .dsnSecret.key }}
{{- else if .passwordSecret.name }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .passwordSecret.name }}
      key: {{ .passwordSecret.key }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Volumes: /data (FileStorage claim or scratch), /tmp, and the key files under /secrets. */}}
{{- define "sanji.volumes" -}}
- name: data
{{- if include "sanji.filestorage" . }}
  persistentVolumeClaim:
    claimName: {{ include "sanji.dataClaim" . }}
{{- else }}
  emptyDir:
    sizeLimit: {{ .Values.dataSizeLimit }}
{{- end }}
- name: tmp
  emptyDir: {}
{{- with .Values.secrets.masterKey.existingSecret }}
- name: master-key
  secret:
    secretName: {{ . }}
    defaultMode: 0440
    items:
      - key: {{ $.Values.secrets.masterKey.key }}
        path: {{ $.Values.secrets.masterKey.key }}
{{- end }}
{{- with .Values.secrets.sealAuthority.existingSecret }}
- name: seal-authority
  secret:
    secretName: {{ . }}
    defaultMode: 0440
    items:
      - key: {{ $.Values.secrets.sealAuthority.key }}
        path: {{ $.Values.secrets.sealAuthority.key }}
{{- end }}
{{- end -}}

{{- define "sanji.volumeMounts" -}}
- name: data
  mountPath: /data
- name: tmp
  mountPath: /tmp
{{- if .Values.secrets.masterKey.existingSecret }}
- name: master-key
  mountPath: /secrets/master-key
  readOnly: true
{{- end }}
{{- if .Values.secrets.sealAuthority.existingSecret }}
- name: seal-authority
  mountPath: /secrets/seal-authority
  readOnly: true
{{- end }}
{{- end -}}

{{- define "sanji.podSpecCommon" -}}
serviceAccountName: {{ include "sanji.serviceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Pod annotations that roll the pods when the settings change. */}}
{{- define "sanji.configChecksum" -}}
checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- end -}}
