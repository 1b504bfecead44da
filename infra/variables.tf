################################################################################
# General
################################################################################

variable "name" {
  description = "Name prefix of every resource (functions, roles, API, queue, secret)."
  type        = string
  default     = "character-remix"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 characters of lower-case letters, digits and dashes, starting with a letter."
  }
}

variable "tags" {
  description = "Tags added to every resource that takes tags (merged with the provider's default_tags)."
  type        = map(string)
  default     = {}
}

variable "triggers" {
  description = "Which ways in to deploy: http (the HTTP API and its fal proxy), direct (a function you invoke with the AWS SDK or CLI) and s3 (the upload bucket, its queue and the function that drains it). Each adds only its own resources."
  type        = set(string)
  default     = ["http", "direct", "s3"]

  validation {
    condition     = length(var.triggers) > 0 && alltrue([for t in var.triggers : contains(["http", "direct", "s3"], t)])
    error_message = "triggers must name one or more of http, direct and s3."
  }
}

variable "role_path" {
  description = "IAM path of the functions' roles (e.g. /service/), for accounts that organise roles by path."
  type        = string
  default     = "/"

  validation {
    condition     = can(regex("^/([\\x21-\\x7E]{1,510}/)?$", var.role_path))
    error_message = "role_path must start and end with / (IAM paths), e.g. / or /service/."
  }
}

variable "permissions_boundary" {
  description = "ARN of an IAM policy set as the permissions boundary of every role this module creates; null for none. Accounts whose deployers may only create roles under a boundary need it."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/", var.permissions_boundary))
    error_message = "permissions_boundary must be the ARN of an IAM policy (arn:aws:iam::<account>:policy/...), or null."
  }
}

################################################################################
# Functions
################################################################################

variable "runtime_mode" {
  description = "jvm (the default, what ./mvnw package builds): the zips hold the JVM build for var.java_runtime, with SnapStart. native: the zips hold a native `bootstrap` for provided.al2023 (./mvnw package -Dnative). A zip of the other kind fails the plan."
  type        = string
  default     = "jvm"

  validation {
    condition     = contains(["native", "jvm"], var.runtime_mode)
    error_message = "runtime_mode must be native or jvm."
  }
}

variable "java_runtime" {
  description = "The Lambda Java runtime in jvm mode: java25 (the default; SnapStart, Amazon Linux 2023), java21, or java17 (Amazon Linux 2). The zips hold Java 17 bytecode, so any of them runs it; the build and every test pass on JDK 25 as on 17."
  type        = string
  default     = "java25"

  validation {
    condition     = contains(["java17", "java21", "java25"], var.java_runtime)
    error_message = "java_runtime must be java17, java21 or java25."
  }
}

variable "architecture" {
  description = "Instruction set of the functions (x86_64 or arm64); a native build must match it."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "http_zip_path" {
  description = "Path of the HTTP function's package (http/target/function.zip of the build); e.g. \"$${path.module}/../../http/target/function.zip\" from a root in infra/examples. Needed when triggers include http."
  type        = string
  default     = null

  validation {
    condition     = !contains(var.triggers, "http") || var.http_zip_path != null
    error_message = "http_zip_path is required when triggers include http: the path of http/target/function.zip."
  }
}

variable "events_zip_path" {
  description = "Path of the event functions' package (events/target/function.zip of the build), deployed as the direct-invocation and the S3 function. Needed when triggers include direct or s3."
  type        = string
  default     = null

  validation {
    condition     = length(setintersection(var.triggers, ["direct", "s3"])) == 0 || var.events_zip_path != null
    error_message = "events_zip_path is required when triggers include direct or s3: the path of events/target/function.zip."
  }
}

variable "functions" {
  description = "Memory (MB), timeout (s) and reserved concurrency per function (http, remix, s3, webhook). The HTTP function answers within API Gateway's 30 s; the webhook function (fal's webhook deliveries, deployed with the http trigger) has 60 s; the others get the job deadline (timeout - 20 s) plus a margin. Reserved concurrency (null, the default: none) is a hard spend guard: each running copy has at most one fal job in flight, so it caps the jobs at fal at once (at QUALITY, $0.20 a request: 10 copies with ~10 s jobs is at most about $12 a minute). It is off by default because AWS keeps 100 of the account's concurrency unreserved and new accounts may have only 10 in all; the S3 function's, when set, must be at least fal_concurrency."
  type = object({
    http    = optional(object({ memory_size = optional(number, 512), timeout = optional(number, 30), reserved_concurrency = optional(number) }), {})
    remix   = optional(object({ memory_size = optional(number, 512), timeout = optional(number, 300), reserved_concurrency = optional(number) }), {})
    s3      = optional(object({ memory_size = optional(number, 512), timeout = optional(number, 300), reserved_concurrency = optional(number) }), {})
    webhook = optional(object({ memory_size = optional(number, 512), timeout = optional(number, 60), reserved_concurrency = optional(number) }), {})
  })
  default = {}

  validation {
    condition     = var.functions.http.timeout >= 1 && var.functions.http.timeout <= 30
    error_message = "functions.http.timeout must be 1-30 s: API Gateway's integration limit is 30 s."
  }

  validation {
    condition     = alltrue([for f in [var.functions.remix, var.functions.s3] : f.timeout >= 60 && f.timeout <= 900])
    error_message = "functions.remix.timeout and functions.s3.timeout must be 60-900 s (Lambda's maximum), leaving a job at least 40 s (job deadline = timeout - 20 s)."
  }

  validation {
    condition     = alltrue([for f in values(var.functions) : f.memory_size >= 128 && f.memory_size <= 10240])
    error_message = "memory_size must be 128-10240 MB (Lambda's range)."
  }

  validation {
    condition     = alltrue([for f in values(var.functions) : f.reserved_concurrency == null ? true : f.reserved_concurrency >= 1])
    error_message = "reserved_concurrency must be at least 1 (0 would stop the function)."
  }

  # The event source mapping runs up to fal_concurrency copies; fewer reserved would throttle the queue's deliveries.
  validation {
    condition     = var.functions.s3.reserved_concurrency == null || try(var.functions.s3.reserved_concurrency >= var.fal_concurrency, false)
    error_message = "functions.s3.reserved_concurrency must be at least fal_concurrency (the upload queue runs that many copies at once), or null."
  }
}

variable "spend_limits" {
  description = "What the functions may spend, refused before fal with an error naming the limit: the rendering speeds allowed (fal bills $0.10 TURBO, $0.15 BALANCED, $0.20 QUALITY an image; a request that names none gets BALANCED), the most images per request (fal's most is 8), the most images per UTC day across every trigger (null: no daily limit), and the most images per UTC day for each caller: each JWT subject or IAM principal of the HTTP API, the anonymous callers of a public API together, direct invocations, S3 uploads (null: no per-caller limit; worth setting with api_authorization = JWT, where many end users share the deployment). Either limit creates a DynamoDB table that counts them."
  type = object({
    rendering_speeds              = optional(list(string), ["TURBO", "BALANCED", "QUALITY"])
    max_images_per_request        = optional(number, 8)
    max_images_per_day            = optional(number)
    max_images_per_caller_per_day = optional(number)
  })
  default = {}

  validation {
    condition     = length(var.spend_limits.rendering_speeds) > 0 && alltrue([for s in var.spend_limits.rendering_speeds : contains(["TURBO", "BALANCED", "QUALITY"], s)])
    error_message = "spend_limits.rendering_speeds must list some of TURBO, BALANCED, QUALITY."
  }

  validation {
    condition     = var.spend_limits.max_images_per_request >= 1 && var.spend_limits.max_images_per_request <= 8
    error_message = "spend_limits.max_images_per_request must be 1-8."
  }

  validation {
    condition     = var.spend_limits.max_images_per_day == null || try(var.spend_limits.max_images_per_day >= 1 && floor(var.spend_limits.max_images_per_day) == var.spend_limits.max_images_per_day, false)
    error_message = "spend_limits.max_images_per_day must be a whole number of at least 1, or null."
  }

  validation {
    condition     = var.spend_limits.max_images_per_caller_per_day == null || try(var.spend_limits.max_images_per_caller_per_day >= 1 && floor(var.spend_limits.max_images_per_caller_per_day) == var.spend_limits.max_images_per_caller_per_day, false)
    error_message = "spend_limits.max_images_per_caller_per_day must be a whole number of at least 1, or null."
  }
}

variable "metrics" {
  description = "The job metrics the functions write as CloudWatch embedded metric format (no PutMetricData, no extra permission): the namespace (null: the name) and fal's price per image by rendering speed, in US dollars, behind EstimatedSpendUSD. Prices change: keep them those of fal's model page."
  type = object({
    namespace = optional(string)
    price_per_image = optional(object({
      turbo    = optional(number, 0.10)
      balanced = optional(number, 0.15)
      quality  = optional(number, 0.20)
    }), {})
  })
  default = {}

  validation {
    condition     = var.metrics.namespace == null || try(length(var.metrics.namespace) >= 1 && length(var.metrics.namespace) <= 255 && !startswith(var.metrics.namespace, "AWS/"), false)
    error_message = "metrics.namespace must be 1-255 characters and not start with AWS/ (reserved for AWS), or null."
  }

  validation {
    condition     = alltrue([for price in values(var.metrics.price_per_image) : price >= 0])
    error_message = "metrics.price_per_image values must not be negative."
  }
}

variable "alarm_thresholds" {
  description = "Alarms on the job metrics, each to the alarm topic: estimated fal spend per UTC day in US dollars (null: no alarm), the share of jobs that fail in an hour in percent, and fal's queue wait (p90 over 15 minutes) in seconds."
  type = object({
    daily_spend_usd            = optional(number)
    failure_ratio_percent      = optional(number, 20)
    fal_queue_wait_p90_seconds = optional(number, 120)
  })
  default = {}

  validation {
    condition     = var.alarm_thresholds.daily_spend_usd == null || try(var.alarm_thresholds.daily_spend_usd > 0, false)
    error_message = "alarm_thresholds.daily_spend_usd must be above 0, or null."
  }

  validation {
    condition     = var.alarm_thresholds.failure_ratio_percent > 0 && var.alarm_thresholds.failure_ratio_percent <= 100
    error_message = "alarm_thresholds.failure_ratio_percent must be above 0 and at most 100."
  }

  validation {
    condition     = var.alarm_thresholds.fal_queue_wait_p90_seconds > 0
    error_message = "alarm_thresholds.fal_queue_wait_p90_seconds must be above 0."
  }
}

variable "fal_queue_url" {
  description = "fal's queue API base URL (FAL_QUEUE_URL)."
  type        = string
  default     = "https://queue.fal.run"
}

variable "tracing_mode" {
  description = "AWS X-Ray tracing of the functions: PassThrough (trace only what the caller already traces; the default) or Active (sample every invocation; X-Ray charges apply). fal's calls appear inside the function's segment, not as subsegments of their own (the README says why); each job's EMF metrics carry the trace id of a sampled invocation."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode must be PassThrough or Active."
  }
}

variable "kms_key_arn" {
  description = "A customer-managed KMS key for the bucket, the queues, the secret, the log groups, the alarm topic and the functions' environment; null uses AWS-managed keys. The key policy must let S3 (for the upload queue's notifications), CloudWatch Logs, CloudWatch (for the alarm topic) and the functions' roles use it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "log_level" {
  description = "Lowest level of the functions' log lines Lambda keeps (its JSON log format filters by the lines' level field): TRACE, DEBUG, INFO, WARN, ERROR or FATAL."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"], var.log_level)
    error_message = "log_level must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL."
  }
}

variable "log_retention_days" {
  description = "How long the functions' and the API's logs are kept."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

################################################################################
# fal key
################################################################################

variable "fal_key" {
  description = "The fal API key, sent to the secret as a write-only value when fal_key_version is set: it is kept in neither the plan nor the state. Leave null to set it out of band (aws secretsmanager put-secret-value)."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true

  # An ephemeral value cannot decide what Terraform creates, so fal_key_version (plain) does: a key without it would
  # silently never be written, a version without a key would write an empty secret.
  validation {
    condition     = (var.fal_key == null) == (var.fal_key_version == null)
    error_message = "fal_key and fal_key_version go together: set both (fal_key_version = 1, bumped to rotate) for Terraform to write the key, or neither to set it out of band."
  }
}

variable "fal_key_version" {
  description = "Set (1, then bump it to rotate) to have Terraform write fal_key to the secret; write-only values are sent only when this changes. null (the default): Terraform never writes the secret's value and you set it out of band. Not ephemeral, so Terraform can plan with it."
  type        = number
  default     = null

  validation {
    condition     = var.fal_key_version == null || try(var.fal_key_version >= 1 && floor(var.fal_key_version) == var.fal_key_version, false)
    error_message = "fal_key_version must be a whole number of at least 1, or null."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a deleted fal key secret can still be restored (0 deletes at once)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or 7-30 (Secrets Manager's range)."
  }
}

################################################################################
# HTTP API
################################################################################

variable "api_authorization" {
  description = "How callers of the HTTP API authenticate: IAM (SigV4, the default), JWT (an OIDC issuer, see jwt_authorizer) or NONE (public; not recommended: every call costs fal money)."
  type        = string
  default     = "IAM"

  validation {
    condition     = contains(["IAM", "JWT", "NONE"], var.api_authorization)
    error_message = "api_authorization must be IAM, JWT or NONE."
  }
}

variable "jwt_authorizer" {
  description = "Issuer and audiences of the JWT authorizer, used when api_authorization is JWT."
  type = object({
    issuer   = string
    audience = list(string)
  })
  default = null

  validation {
    condition     = var.jwt_authorizer == null || can(regex("^https://", var.jwt_authorizer.issuer))
    error_message = "jwt_authorizer.issuer must be an https URL."
  }

  validation {
    condition     = var.api_authorization != "JWT" || var.jwt_authorizer != null
    error_message = "api_authorization = \"JWT\" needs jwt_authorizer = { issuer = \"https://…\", audience = [\"…\"] }."
  }
}

variable "cors_allowed_origins" {
  description = "Origins (e.g. https://app.example.com) whose pages may call the API from a browser, such as fal's JavaScript client with proxyUrl; empty: no CORS."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.cors_allowed_origins : can(regex("^https?://[^/*]+$", o))])
    error_message = "cors_allowed_origins must be origins like https://app.example.com (no path, no wildcard)."
  }
}

variable "api_throttling" {
  description = "Default-route throttling of the HTTP API: steady requests per second and burst."
  type = object({
    rate_limit  = optional(number, 10)
    burst_limit = optional(number, 20)
  })
  default = {}
}

################################################################################
# S3 uploads
################################################################################

variable "bucket_name" {
  description = "Name of the upload bucket; null means <name>-uploads-<account id>."
  type        = string
  default     = null
}

variable "bucket_force_destroy" {
  description = "Let terraform destroy delete the upload bucket with every object and version in it. Off by default: set it (and apply) only to tear a deployment down."
  type        = bool
  default     = false
}

variable "prefixes" {
  description = "Bucket layout: job files, plain images, results, claims, and reference images that job files may name."
  type = object({
    jobs       = optional(string, "jobs/")
    inputs     = optional(string, "inputs/")
    results    = optional(string, "results/")
    claims     = optional(string, "claims/")
    references = optional(string, "references/")
  })
  default = {}

  validation {
    condition     = alltrue([for p in values(var.prefixes) : can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*/$", p))])
    error_message = "Every prefix must be a non-empty key prefix ending in /."
  }

  # S3 refuses notifications whose prefixes overlap, and results or claims written under jobs/ or inputs/ would
  # trigger the function on its own output.
  validation {
    condition     = alltrue(flatten([for a in values(var.prefixes) : [for b in values(var.prefixes) : a == b || !startswith(a, b)]])) && length(distinct(values(var.prefixes))) == length(values(var.prefixes))
    error_message = "The prefixes must be disjoint: none may equal or lie under another."
  }
}

variable "s3_prompt" {
  description = "Prompt used for plain images under the inputs prefix (REMIX_S3_PROMPT); objects can override it with x-amz-meta-prompt."
  type        = string
  default     = null
}

variable "s3_reference_image" {
  description = "Character reference for plain images (REMIX_S3_REFERENCE_IMAGE): an https URL or s3://<bucket>/<references prefix>/<key>."
  type        = string
  default     = null
}

variable "fal_concurrency" {
  description = "What your fal account runs at once: the upload queue's event source mapping never runs more S3 invocations (so fal jobs) than this at once. AWS's minimum is 2."
  type        = number
  default     = 10

  validation {
    condition     = var.fal_concurrency >= 2 && var.fal_concurrency <= 1000 && floor(var.fal_concurrency) == var.fal_concurrency
    error_message = "fal_concurrency must be a whole number from 2 to 1000 (the event source mapping's maximum concurrency range)."
  }
}

variable "upload_batch_size" {
  description = "Uploads handed to one S3 invocation. 1 (the default) gives every upload a whole invocation's time; more handles them one after another within one invocation."
  type        = number
  default     = 1

  validation {
    condition     = var.upload_batch_size >= 1 && var.upload_batch_size <= 10 && floor(var.upload_batch_size) == var.upload_batch_size
    error_message = "upload_batch_size must be a whole number from 1 to 10."
  }
}

variable "upload_completion" {
  description = "How an upload's invocation learns its fal job's end. \"wait\" (the default): it waits for the job within its timeout, and a job that outlives it is resumed by the message's redelivery. \"webhook\" (needs the http and s3 triggers): it submits and returns, so no Lambda time is billed while the job waits at fal; fal's webhook delivery writes the result, and each redelivery of the message (a visibility timeout, 6 x the S3 function's timeout, later) asks fal once, in case a delivery never arrives. With \"webhook\" the event source mapping's maximum concurrency no longer bounds the jobs at fal: fal's own per-account concurrency bounds what runs, the rest waits in fal's queue unbilled (dropped unstarted after 25 min and submitted again), and spend_limits.max_images_per_day bounds the spend."
  type        = string
  default     = "wait"

  validation {
    condition     = contains(["wait", "webhook"], var.upload_completion) && (var.upload_completion == "wait" || (contains(var.triggers, "http") && contains(var.triggers, "s3")))
    error_message = "upload_completion must be \"wait\" or \"webhook\"; \"webhook\" needs the http trigger (fal posts to the HTTP API) and the s3 trigger."
  }
}

variable "upload_max_receive_count" {
  description = "Deliveries of one upload before its message goes to the dead-letter queue. Each delivery waits up to the job deadline and the next comes a visibility timeout (6 x the S3 function's timeout) later, so the default covers hours of queueing at fal."
  type        = number
  default     = 20

  validation {
    condition     = var.upload_max_receive_count >= 1 && var.upload_max_receive_count <= 1000
    error_message = "upload_max_receive_count must be from 1 to 1000."
  }
}

variable "upload_retention_seconds" {
  description = "How long an upload's message may wait in the upload queue (SQS allows 60 to 1209600); keep it below failure_retention_seconds."
  type        = number
  default     = 345600

  validation {
    condition     = var.upload_retention_seconds >= 60 && var.upload_retention_seconds <= 1209600 && var.upload_retention_seconds < var.failure_retention_seconds
    error_message = "upload_retention_seconds must be from 60 to 1209600 (SQS's range) and below failure_retention_seconds (a dead letter keeps its first enqueue time)."
  }
}

variable "upload_queue_age_alarm_seconds" {
  description = "Alarm when the oldest upload has waited in the queue longer than this."
  type        = number
  default     = 3600
}

variable "claim_expiration_days" {
  description = "Days after which claim markers (which make each upload run once) are deleted by a lifecycle rule."
  type        = number
  default     = 30

  validation {
    condition     = var.claim_expiration_days >= 1
    error_message = "claim_expiration_days must be at least 1."
  }
}

variable "noncurrent_version_days" {
  description = "Days the bucket keeps an overwritten or deleted version of a job file, input or result before a lifecycle rule removes it."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_days >= 1
    error_message = "noncurrent_version_days must be at least 1."
  }
}

################################################################################
# Failures
################################################################################

variable "async_retries" {
  description = "How often Lambda retries a failed asynchronous invocation (direct calls with InvocationType=Event) before sending it to the failure queue."
  type        = number
  default     = 2

  validation {
    condition     = contains([0, 1, 2], var.async_retries)
    error_message = "async_retries must be 0, 1 or 2 (Lambda's range)."
  }
}

variable "async_max_event_age_seconds" {
  description = "How long an asynchronous event may wait for a retry before it goes to the failure queue."
  type        = number
  default     = 3600

  validation {
    condition     = var.async_max_event_age_seconds >= 60 && var.async_max_event_age_seconds <= 21600
    error_message = "async_max_event_age_seconds must be 60-21600 (Lambda's range)."
  }
}

variable "failure_retention_seconds" {
  description = "How long failed events stay in the failure queue, and failed uploads in the upload dead-letter queue."
  type        = number
  default     = 1209600

  validation {
    condition     = var.failure_retention_seconds >= 60 && var.failure_retention_seconds <= 1209600
    error_message = "failure_retention_seconds must be 60-1209600 (SQS's range)."
  }
}

variable "alarm_actions" {
  description = "More ARNs (e.g. SNS topics of your own) notified by every alarm, besides the alarm topic this configuration creates."
  type        = list(string)
  default     = []
}

variable "alarm_email" {
  description = "An e-mail address subscribed to the alarm topic (AWS sends a confirmation mail first); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address."
  }
}

variable "idempotency" {
  description = "Idempotency keys on the HTTP API (Idempotency-Key header) and direct invocations (idempotency_key field): a retry with the same key and request answers the job the first attempt paid for instead of submitting another. Kept per caller in the usage DynamoDB table (created for them) for ttl_hours."
  type = object({
    enabled   = optional(bool, true)
    ttl_hours = optional(number, 24)
  })
  default = {}

  validation {
    condition     = try(var.idempotency.ttl_hours >= 1 && var.idempotency.ttl_hours <= 720 && floor(var.idempotency.ttl_hours) == var.idempotency.ttl_hours, false)
    error_message = "idempotency.ttl_hours must be a whole number of hours, 1-720."
  }
}
