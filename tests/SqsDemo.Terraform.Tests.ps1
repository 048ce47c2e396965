# Pester 5 mirror of tests/SqsDemo.Tests/Terraform/TerraformConsistencyTests.cs: terraform/ agrees with the scenario
# scripts and with what Connect-DemoBackend -TerraformOutput reads. Nothing is planned or applied: scenarios.json is
# read as JSON, the .tf files as text, the scripts as syntax trees.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../out/SqsDemo/SqsDemo.psd1') -Force
    $root = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..'))
    $terraform = Join-Path $root 'terraform'
    $map = [System.IO.File]::ReadAllText((Join-Path $terraform 'scenarios.json')) | ConvertFrom-Json
    $entries = @{}
    foreach ($property in $map.scenarios.PSObject.Properties) { $entries[$property.Name] = $property.Value }

    # The value of a constant, or of a variable with one constant value in the script (a parameter's default or a
    # single assignment), or of a string made of those; $null when it is not known before the script runs.
    function Get-StaticValue($Expression, [hashtable] $Known, [int] $Depth = 0) {
        if ($null -eq $Expression -or $Depth -gt 10) { return $null }
        switch ($Expression.GetType().Name) {
            'StringConstantExpressionAst' { return $Expression.Value }
            'ConstantExpressionAst' { return $Expression.Value }
            'ConvertExpressionAst' { return Get-StaticValue $Expression.Child $Known ($Depth + 1) }
            'VariableExpressionAst' {
                $name = $Expression.VariablePath.UserPath
                if ($name -eq 'true') { return $true }
                if ($name -eq 'false') { return $false }
                if ($Known.ContainsKey($name)) { return Get-StaticValue $Known[$name] $Known ($Depth + 1) }
                return $null
            }
            'ExpandableStringExpressionAst' {
                $text = $Expression.Extent.Text.Substring(1, $Expression.Extent.Text.Length - 2)
                $offset = $Expression.Extent.StartOffset + 1
                $result = ''
                $at = 0
                foreach ($nested in $Expression.NestedExpressions) {
                    $part = Get-StaticValue $nested $Known ($Depth + 1)
                    if ($null -eq $part) { return $null }
                    $start = $nested.Extent.StartOffset - $offset
                    $result += $text.Substring($at, $start - $at) + [string] $part
                    $at = $nested.Extent.EndOffset - $offset
                }
                return $result + $text.Substring($at)
            }
        }
        return $null
    }

    # Every New-DemoEnvironment call of the scenario scripts: its -Name (or first positional) and switches.
    function Get-EnvironmentCall {
        $switches = 'Fifo', 'ContentBasedDeduplication', 'Ledger', 'Results', 'WhatIf', 'Confirm', 'Force', 'Verbose', 'Debug'
        foreach ($file in [System.IO.Directory]::GetFiles((Join-Path $root 'scenarios'), '*.ps1')) {
            $tokens = $null
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref] $tokens, [ref] $errors)
            # Variables assigned once (a parameter's default counts as one assignment) are known; others are not.
            $assignments = @{}
            $add = {
                param($name, $value)
                if (-not $assignments.ContainsKey($name)) { $assignments[$name] = [System.Collections.Generic.List[object]]::new() }
                $assignments[$name].Add($value)
            }
            foreach ($parameter in $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.ParameterAst] }, $true)) {
                & $add $parameter.Name.VariablePath.UserPath $parameter.DefaultValue
            }
            foreach ($assignment in $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true)) {
                $target = if ($assignment.Left -is [System.Management.Automation.Language.ConvertExpressionAst]) { $assignment.Left.Child } else { $assignment.Left }
                if ($target -is [System.Management.Automation.Language.VariableExpressionAst] -and $assignment.Operator -eq 'Equals') {
                    $value = if ($assignment.Right -is [System.Management.Automation.Language.CommandExpressionAst]) { $assignment.Right.Expression } else { $null }
                    & $add $target.VariablePath.UserPath $value
                }
            }
            $known = @{}
            foreach ($name in $assignments.Keys) {
                if ($assignments[$name].Count -eq 1 -and $null -ne $assignments[$name][0]) { $known[$name] = $assignments[$name][0] }
            }
            $calls = $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq 'New-DemoEnvironment' }, $true)
            foreach ($call in $calls) {
                $arguments = @{}
                $elements = $call.CommandElements
                $positional = 0
                for ($i = 1; $i -lt $elements.Count; $i++) {
                    $element = $elements[$i]
                    if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
                        if ($null -ne $element.Argument -or $switches -contains $element.ParameterName) {
                            $arguments[$element.ParameterName] = $element.Argument
                        }
                        elseif ($i + 1 -lt $elements.Count) {
                            $arguments[$element.ParameterName] = $elements[$i + 1]
                            $i++
                        }
                    }
                    elseif ($positional++ -eq 0) {
                        $arguments['Name'] = $element
                    }
                }
                $on = { param($name) $arguments.ContainsKey($name) -and ($null -eq $arguments[$name] -or (Get-StaticValue $arguments[$name] $known) -eq $true) }
                [pscustomobject] @{
                    Where  = "$([System.IO.Path]::GetFileName($file)):$($call.Extent.StartLineNumber)"
                    Name   = Get-StaticValue $arguments['Name'] $known
                    Fifo   = & $on 'Fifo'
                    ContentBasedDeduplication = & $on 'ContentBasedDeduplication'
                    Ledger = & $on 'Ledger'
                    Results = & $on 'Results'
                }
            }
        }
    }
}

Describe 'terraform/scenarios.json' {
    It 'names every environment the scenario scripts create, FIFO, content-based deduplication and ledger as each script asks' {
        $calls = @(Get-EnvironmentCall)
        $calls.Count | Should -BeGreaterThan 0
        $problems = foreach ($call in $calls) {
            if ($null -eq $call.Name) { "$($call.Where): the environment's name is not known before the script runs"; continue }
            $entry = $entries[$call.Name]
            if ($null -eq $entry) { "$($call.Where): scenarios.json has no '$($call.Name)'"; continue }
            if ([bool] $entry.fifo -ne $call.Fifo) { "$($call.Where): fifo is $($entry.fifo) in the map, $($call.Fifo) in the script" }
            if ([bool] $entry.content_based_deduplication -ne $call.ContentBasedDeduplication) { "$($call.Where): content_based_deduplication differs" }
            if ([bool] $entry.ledger -ne $call.Ledger) { "$($call.Where): ledger is $($entry.ledger) in the map, $($call.Ledger) in the script" }
            if ($call.Results -and -not $entry.results) { "$($call.Where): the script asks for a results table, the map has none" }
        }
        $problems | Should -BeNullOrEmpty
    }

    It 'names each shared dead-letter queue by at least two environments of its type' {
        foreach ($shared in $map.shared_dead_letter_queues.PSObject.Properties) {
            $sources = @($entries.Values | Where-Object { $_.dead_letter_queue -eq $shared.Name })
            $sources.Count | Should -BeGreaterOrEqual 2
            foreach ($source in $sources) { [bool] $source.fifo | Should -Be ([bool] $shared.Value.fifo) }
        }
    }
}

Describe 'terraform/outputs.tf' {
    It 'writes every output field of scenarios.json per environment, and those include every field -TerraformOutput reads' {
        $outputs = [System.IO.File]::ReadAllText((Join-Path $terraform 'outputs.tf'))
        $block = $outputs.Substring($outputs.IndexOf('output "scenarios"'))
        $object = $block.Substring($block.IndexOf('=> {'))
        $object = $object.Substring(0, $object.IndexOf('}'))
        $written = @([regex]::Matches($object, '(?m)^\s*([a-z_]+)\s*=') | ForEach-Object { $_.Groups[1].Value })
        ($written | Sort-Object) -join ',' | Should -Be ((@($map.output_fields) | Sort-Object) -join ',')
        foreach ($field in [SqsDemo.Engine.Environments.TerraformOutput]::Fields) { $written | Should -Contain $field }
    }
}

Describe 'terraform/variables.tf' {
    It 'lets the ECS consumer take exactly the seeds'' variables that Terraform does not fill in itself' {
        $variables = [System.IO.File]::ReadAllText((Join-Path $terraform 'variables.tf'))
        $block = $variables.Substring($variables.IndexOf('variable "consumer_environment"'))
        $validation = $block.Substring($block.IndexOf('validation'))
        $validation = $validation.Substring(0, $validation.IndexOf('error_message'))
        $accepted = @([regex]::Matches($validation, '"([A-Z][A-Z0-9_]+)"') | ForEach-Object { $_.Groups[1].Value })
        $seeds = [SqsDemo.Engine.Work.ConsumerOptionTable]::Rows | ForEach-Object Variable | Where-Object { $_ }
        # Every table Terraform makes for a ledger scenario is filled in by ecs.tf, as TerraformConsistencyTests.cs checks.
        $filledIn = 'QUEUE_URL', 'MESSAGE_STATUS_TABLE', 'MESSAGE_SIDE_EFFECTS_TABLE', 'EFFECT_LOG_TABLE', 'ENTITY_VERSIONS_TABLE'
        $ecs = [System.IO.File]::ReadAllText((Join-Path $terraform 'ecs.tf'))
        foreach ($name in $filledIn) { $ecs | Should -Match "(?m)^\s*$name\s*=" }
        ($accepted | Sort-Object) -join ',' | Should -Be ((@($seeds | Where-Object { $filledIn -notcontains $_ }) | Sort-Object) -join ',')
    }
}

# Issue 20's hardening, read as text (TerraformHardeningTests.cs reads it structurally, TerraformPlanTests.cs plans it).
Describe 'terraform/ hardening' {
    BeforeAll {
        $text = @{}
        foreach ($file in [System.IO.Directory]::GetFiles($terraform, '*.tf')) { $text[[System.IO.Path]::GetFileName($file)] = [System.IO.File]::ReadAllText($file) }
        # The top-level block that starts with $Header, braces matched (the files' strings hold balanced braces only).
        function Get-Block([string] $File, [string] $Header) {
            $source = $text[$File]
            $start = $source.IndexOf($Header)
            if ($start -lt 0) { throw "terraform/$File has no $Header" }
            $open = $source.IndexOf('{', $start)
            $depth = 0
            for ($i = $open; $i -lt $source.Length; $i++) {
                if ($source[$i] -eq '{') { $depth++ }
                elseif ($source[$i] -eq '}') { $depth--; if ($depth -eq 0) { return $source.Substring($start, $i - $start + 1) } }
            }
            throw "unbalanced braces in $File"
        }
    }

    It 'expires only untagged images, so the image a task runs stays pullable' {
        $policy = Get-Block 'ecs.tf' 'resource "aws_ecr_lifecycle_policy" "consumer"'
        $statuses = @([regex]::Matches($policy, 'tagStatus\s*=\s*"([^"]*)"') | ForEach-Object { $_.Groups[1].Value })
        $statuses.Count | Should -BeGreaterThan 0
        $statuses | Should -Not -Contain 'any'
        $statuses | Should -Not -Contain 'tagged'
    }

    It 'runs the service private by default, with a circuit breaker that rolls back' {
        $service = Get-Block 'ecs.tf' 'resource "aws_ecs_service" "consumer"'
        $service | Should -Match 'assign_public_ip\s*=\s*local\.ecs_public'
        $service | Should -Match '(?s)deployment_circuit_breaker\s*\{\s*enable\s*=\s*true\s*rollback\s*=\s*true\s*\}'
        Get-Block 'variables.tf' 'variable "ecs_network"' | Should -Match 'default\s*=\s*"private"'
    }

    It 'makes the container''s root filesystem read-only with /tmp as a volume' {
        $task = Get-Block 'ecs.tf' 'resource "aws_ecs_task_definition" "consumer"'
        $task | Should -Match 'readonlyRootFilesystem\s*=\s*true'
        $task | Should -Match '(?s)volume\s*\{\s*name\s*=\s*"tmp"\s*\}'
        $text['ecs.tf'] | Should -Match 'writable_folder\s*=\s*"/tmp"'
    }

    It 'puts TTL on the attribute the ledger writes, with the retention the ledger defaults to' {
        $text['dynamodb.tf'] | Should -Match ('attribute_name\s*=.*"' + [SqsDemo.Engine.Ledger.LedgerRetention]::Attribute + '"')
        Get-Block 'variables.tf' 'variable "ledger_retention_days"' | Should -Match ('default\s*=\s*' + [SqsDemo.Engine.Ledger.LedgerRetention]::DefaultDays + '\s')
        $text['ecs.tf'] | Should -Match ([SqsDemo.Engine.Ledger.LedgerRetention]::Variable + '\s*=\s*tostring\(var\.ledger_retention_days\)')
    }

    It 'names aws:SourceArn and aws:SourceAccount in the task role''s trust' {
        $trust = Get-Block 'ecs.tf' 'data "aws_iam_policy_document" "ecs_task_role_assume"'
        $trust | Should -Match 'variable\s*=\s*"aws:SourceArn"'
        $trust | Should -Match 'variable\s*=\s*"aws:SourceAccount"'
        Get-Block 'ecs.tf' 'resource "aws_iam_role" "task"' | Should -Match 'data\.aws_iam_policy_document\.ecs_task_role_assume\.json'
    }

    It 'documents every variable in README''s Terraform section' {
        $readme = [System.IO.File]::ReadAllText((Join-Path $root 'README.md'))
        $start = $readme.IndexOf('## Taking a scenario to AWS')
        $end = $readme.IndexOf("`n## ", $start + 1)
        $section = if ($end -lt 0) { $readme.Substring($start) } else { $readme.Substring($start, $end - $start) }
        $names = @([regex]::Matches($text['variables.tf'], '(?m)^variable "([a-z_0-9]+)"') | ForEach-Object { $_.Groups[1].Value })
        $names.Count | Should -BeGreaterThan 10
        @($names | Where-Object { $section -notmatch ('`' + $_ + '\b') }) | Should -BeNullOrEmpty
    }
}
