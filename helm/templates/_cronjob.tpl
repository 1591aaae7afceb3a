{{/*
A CronJob of Sanji. Arguments (a dict): root (the top context), name, job (its values: schedule,
deadlines, backoffLimit), args (what the image runs on a shared storage) and url, form (the POST
that the running instance answers in FileStorage mode, as admin).
*/}}
{{- define "sanji.cronJob" -}}
{{- $root := .root -}}
{{- $job := .job -}}
{{- $filestorage := include "sanji.filestorage" $root -}}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{ include "sanji.fullname" $root }}-{{ .name }}
  labels:
    {{- include "sanji.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .name }}
spec:
  schedule: {{ $job.schedule | quote }}
  timeZone: {{ $root.Values.cronJobs.timeZone | quote }}
  # Never two at once: a slow run makes the next one wait, not pile up.
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: {{ $job.startingDeadlineSeconds }}
  successfulJobsHistoryLimit: {{ $root.Values.cronJobs.successfulJobsHistoryLimit }}
  failedJobsHistoryLimit: {{ $root.Values.cronJobs.failedJobsHistoryLimit }}
  jobTemplate:
    spec:
      backoffLimit: {{ $job.backoffLimit }}
      activeDeadlineSeconds: {{ $job.activeDeadlineSeconds }}
      template:
        metadata:
          labels:
            {{- include "sanji.selectorLabels" $root | nindent 12 }}
            app.kubernetes.io/component: {{ .name }}
          annotations:
            {{- include "sanji.configChecksum" $root | nindent 12 }}
        spec:
          {{- include "sanji.podSpecCommon" $root | nindent 10 }}
          restartPolicy: Never
          containers:
            - name: {{ .name }}
              image: {{ include "sanji.image" $root }}
              imagePullPolicy: {{ $root.Values.image.pullPolicy }}
              securityContext:
                {{- toYaml $root.Values.securityContext | nindent 16 }}
              {{- if $filestorage }}
              # FileStorage: a second process cannot open Data.fs, so the running instance does it.
              args:
                - sh
                - -c
                - >-
                  printf 'user = "admin:%s"\n' "$(printf '%s' "$SANJI_ADMIN_PASSWORD" | sed 's/[\\"]/\\&/g')"
                  | curl --fail --silent --show-error --max-time {{ $job.activeDeadlineSeconds }} --config -
                  --request POST {{ range .form }}--data-urlencode {{ . | squote }} {{ end }}{{ .url | squote }}
              env:
                - name: SANJI_ADMIN_PASSWORD
                  valueFrom:
                    secretKeyRef:
                      name: {{ $root.Values.secrets.admin.existingSecret }}
                      key: {{ $root.Values.secrets.admin.key }}
              volumeMounts:
                - name: tmp
                  mountPath: /tmp
              {{- else }}
              args:
                {{- toYaml .args | nindent 16 }}
              envFrom:
                {{- include "sanji.envFrom" $root | nindent 16 }}
              env:
                {{- include "sanji.env" $root | nindent 16 }}
              volumeMounts:
                {{- include "sanji.volumeMounts" $root | nindent 16 }}
              {{- end }}
              resources:
                {{- toYaml $root.Values.cronJobs.resources | nindent 16 }}
          volumes:
            {{- if $filestorage }}
            - name: tmp
              emptyDir: {}
            {{- else }}
            {{- include "sanji.volumes" $root | nindent 12 }}
            {{- end }}
{{- end -}}
