# What AWS would answer, fixed where a test compares against it (terraform test's mock_provider: nothing here reaches
# AWS and no credentials are needed). The ARNs and ids below are
# made known at plan (override_during) so that the tests can compare the references that carry them.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
  }
}

mock_data "aws_region" {
  defaults = {
    region = "eu-west-1"
  }
}

override_resource {
  target          = aws_cloudwatch_log_group.function["http"]
  override_during = plan
  values = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/character-remix-http"
  }
}

override_resource {
  target          = aws_lambda_function.this["http"]
  override_during = plan
  values = {
    arn           = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-http"
    version       = "1"
    qualified_arn = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-http:1"
    invoke_arn    = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:character-remix-http/invocations"
  }
}

override_resource {
  target          = aws_lambda_alias.live["http"]
  override_during = plan
  values = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-http:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:character-remix-http:live/invocations"
  }
}

override_resource {
  target          = aws_iam_role.function["http"]
  override_during = plan
  values = {
    arn = "arn:aws:iam::123456789012:role/character-remix-http"
    id  = "character-remix-http"
  }
}

override_resource {
  target          = aws_cloudwatch_log_group.function["remix"]
  override_during = plan
  values = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/character-remix-remix"
  }
}

override_resource {
  target          = aws_lambda_function.this["remix"]
  override_during = plan
  values = {
    arn           = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-remix"
    version       = "1"
    qualified_arn = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-remix:1"
    invoke_arn    = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:character-remix-remix/invocations"
  }
}

override_resource {
  target          = aws_lambda_alias.live["remix"]
  override_during = plan
  values = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-remix:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:character-remix-remix:live/invocations"
  }
}

override_resource {
  target          = aws_iam_role.function["remix"]
  override_during = plan
  values = {
    arn = "arn:aws:iam::123456789012:role/character-remix-remix"
    id  = "character-remix-remix"
  }
}

override_resource {
  target          = aws_cloudwatch_log_group.function["s3"]
  override_during = plan
  values = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/character-remix-s3"
  }
}

override_resource {
  target          = aws_lambda_function.this["s3"]
  override_during = plan
  values = {
    arn           = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-s3"
    version       = "1"
    qualified_arn = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-s3:1"
    invoke_arn    = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:character-remix-s3/invocations"
  }
}

override_resource {
  target          = aws_lambda_alias.live["s3"]
  override_during = plan
  values = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-s3:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:character-remix-s3:live/invocations"
  }
}

override_resource {
  target          = aws_iam_role.function["s3"]
  override_during = plan
  values = {
    arn = "arn:aws:iam::123456789012:role/character-remix-s3"
    id  = "character-remix-s3"
  }
}

override_resource {
  target          = aws_cloudwatch_log_group.function["webhook"]
  override_during = plan
  values = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/character-remix-webhook"
  }
}

override_resource {
  target          = aws_lambda_function.this["webhook"]
  override_during = plan
  values = {
    arn           = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-webhook"
    version       = "1"
    qualified_arn = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-webhook:1"
    invoke_arn    = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:character-remix-webhook/invocations"
  }
}

override_resource {
  target          = aws_lambda_alias.live["webhook"]
  override_during = plan
  values = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:character-remix-webhook:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:character-remix-webhook:live/invocations"
  }
}

override_resource {
  target          = aws_iam_role.function["webhook"]
  override_during = plan
  values = {
    arn = "arn:aws:iam::123456789012:role/character-remix-webhook"
    id  = "character-remix-webhook"
  }
}

override_resource {
  target          = aws_cloudwatch_log_group.api[0]
  override_during = plan
  values = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/character-remix"
  }
}

override_resource {
  target          = aws_secretsmanager_secret.fal_key
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:character-remix/fal-key-a1b2c3"
    id  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:character-remix/fal-key-a1b2c3"
  }
}

override_resource {
  target          = aws_s3_bucket.uploads[0]
  override_during = plan
  values = {
    arn = "arn:aws:s3:::character-remix-uploads-123456789012"
    id  = "character-remix-uploads-123456789012"
  }
}

override_resource {
  target          = aws_sqs_queue.uploads[0]
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:character-remix-uploads"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/character-remix-uploads"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/character-remix-uploads"
  }
}

override_resource {
  target          = aws_sqs_queue.uploads_dead_letters[0]
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:character-remix-uploads-dead-letters"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/character-remix-uploads-dead-letters"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/character-remix-uploads-dead-letters"
  }
}

override_resource {
  target          = aws_sqs_queue.failures[0]
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:character-remix-failures"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/character-remix-failures"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/character-remix-failures"
  }
}

override_resource {
  target          = aws_apigatewayv2_api.this[0]
  override_during = plan
  values = {
    id            = "a1b2c3d4e5"
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5"
    api_endpoint  = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"
  }
}

override_resource {
  target          = aws_apigatewayv2_integration.http[0]
  override_during = plan
  values = {
    id = "int1234"
  }
}

override_resource {
  target          = aws_apigatewayv2_integration.webhook[0]
  override_during = plan
  values = {
    id = "int5678"
  }
}

override_resource {
  target          = aws_apigatewayv2_authorizer.jwt[0]
  override_during = plan
  values = {
    id = "auth123"
  }
}

override_resource {
  target          = aws_dynamodb_table.usage[0]
  override_during = plan
  values = {
    arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/character-remix-usage"
  }
}

override_resource {
  target          = aws_sns_topic.alarms
  override_during = plan
  values = {
    arn = "arn:aws:sns:eu-west-1:123456789012:character-remix-alarms"
  }
}

