<#
.SYNOPSIS
Orders -> payments (FIFO, per customer) -> notifications, through a payment gateway outage: a circuit breaker, backoff, and one order that can never be paid.

.DESCRIPTION
Three queues. orders (standard, visibility 300 s, maxReceiveCount 3) and notifications
(standard, visibility 60 s) share one dead-letter queue; payments is FIFO with
content-based deduplication, grouped per customer, with a FIFO DLQ of its own (SQS
requires a DLQ of the same type as its source).

Three workers, each a Start-DemoConsumer with a script-block handler:
- the order worker forwards each order to payments, in the customer's message group;
- the payment worker charges the payment gateway through $Context.Call, guarded by a
  circuit breaker (Polly), records the payment once in the ledger (keyed by order id),
  logs it in the ordered effect log, and forwards a notification;
- the notification worker records one notification per order in its ledger.

Orders arrive in rounds, one per customer per round. The gateway goes down for a while
(-OutageAfterSeconds, -OutageSeconds): failed payments are retried with exponential
backoff through the visibility timeout, the breaker opens and the payment worker stops
calling (and receiving) until its trial call; the FIFO group keeps each customer's
payments in order behind a failed one. One order (-UnpayableOrderId) is declined every
time: it blocks its customer's later payments until it reaches the DLQ after 3 receives.

It passes when every payable order was charged once and gave exactly one payment event,
in order per customer, and one notification; the unpayable order is in the payments DLQ
having been received 3 times; the breaker opened during the outage and no call reached
the gateway while it was open; and no order was lost.

.NOTES
Speed: Slow
Proves: DependencyOutage
Judges your consumer: no. It needs SqsDemo's consumer's -Handler, -ForwardQueueUrl, -Dependency and the
circuit breaker, three workers in one pipeline.
#>
[CmdletBinding()]
param(
    [int] $CustomerCount = 4,
    [int] $Rounds = 4,
    [double] $RoundIntervalSeconds = 10,
    [double] $OutageAfterSeconds = 15,
    [double] $OutageSeconds = 30,
    [int] $BreakerFailureThreshold = 3,
    [double] $BreakerBreakSeconds = 20,
    # Short, so that the successes before the outage stop holding the breaker closed.
    [double] $BreakerSamplingSeconds = 5,
    [double] $BackoffBaseSeconds = 10,
    [int] $BackoffMaxSeconds = 120,
    [int] $PaymentsVisibilityTimeout = 30,
    [int] $MaxReceiveCount = 3,
    [int] $WaitTimeSeconds = 10,
    # Declined by the gateway on every call: customer 2's second order unless stated.
    [string] $UnpayableOrderId = 'order-c2-2',
    [double] $TimeoutSeconds = 900
)

$orders = New-DemoEnvironment -Name order-pipeline-orders -Ledger -VisibilityTimeout 300 -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
$payments = New-DemoEnvironment -Name order-pipeline-payments -Fifo -ContentBasedDeduplication -Ledger -VisibilityTimeout $PaymentsVisibilityTimeout -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds
$notifications = New-DemoEnvironment -Name order-pipeline-notifications -Ledger -VisibilityTimeout 60 -MaxReceiveCount $MaxReceiveCount -ReceiveWaitTime $WaitTimeSeconds -DeadLetterQueueUrl $orders.DeadLetterQueueUrl
$gateway = New-DemoDependency -Name payment-gateway -OutageAfterSeconds $OutageAfterSeconds -OutageSeconds $OutageSeconds -DeclineKey $UnpayableOrderId

Write-DemoPhase 'the order, payment and notification workers start'
$orderWorker = $orders | Start-DemoConsumer -AsJob -ConsumerId order-worker -ForwardQueueUrl $payments.QueueUrl -ForwardGroupIdField customer_id -Handler {
    param($Message)
    $order = $Message.Data
    @{ order_id = $order.order_id; customer_id = $order.customer_id; seq = $order.seq; amount = $order.amount }
}
$paymentWorker = $payments | Start-DemoConsumer -AsJob -ConsumerId payment-worker -BusinessIdempotencyField order_id -SideEffectLogField order_id `
    -Dependency $gateway -BreakerFailureThreshold $BreakerFailureThreshold -BreakerBreakSeconds $BreakerBreakSeconds -BreakerSamplingSeconds $BreakerSamplingSeconds `
    -BackoffBaseSeconds $BackoffBaseSeconds -BackoffMaxSeconds $BackoffMaxSeconds `
    -ForwardQueueUrl $notifications.QueueUrl -Handler {
    param($Message, $Context)
    $payment = $Message.Data
    $receipt = $Context.Call($payment.order_id)
    @{ order_id = $payment.order_id; customer_id = $payment.customer_id; text = "Order $($payment.order_id) is paid ($receipt)." }
}
$notificationWorker = $notifications | Start-DemoConsumer -AsJob -ConsumerId notification-worker -BusinessIdempotencyField order_id
$jobs = @($orderWorker, $paymentWorker, $notificationWorker)
$null = Wait-DemoJournal -Kind ConsumerStarted -Count 3 -TimeoutSeconds 60

Write-DemoPhase "customers place orders in $Rounds rounds; the payment gateway goes down for $OutageSeconds s"
# Orders in rounds: each customer places its orders in sequence.
$placed = [System.Collections.Generic.List[object]]::new()
foreach ($round in 1..$Rounds) {
    foreach ($c in 1..$CustomerCount) {
        $orderId = "order-c$c-$round"
        $body = '{"id":"' + $orderId + '","order_id":"' + $orderId + '","customer_id":"c' + $c + '","seq":' + $round + ',"amount":' + (10 * $c + $round) + '}'
        $null = Send-DemoMessage -QueueUrl $orders.QueueUrl -Body $body
        $placed.Add([pscustomobject]@{ OrderId = $orderId; Customer = "c$c"; Seq = $round })
    }
    if ($round -lt $Rounds) { Wait-DemoClock -Seconds $RoundIntervalSeconds }
}
$payable = @($placed | Where-Object { $_.OrderId -ne $UnpayableOrderId })

Write-DemoPhase 'waiting for every payable order to be notified, and the unpayable one to reach the DLQ'
# Done when every payable order has its notification and the unpayable one has reached the payments DLQ.
$null = Wait-DemoJournal -Kind SideEffect -Actor notification-worker -Count $payable.Count -TimeoutSeconds $TimeoutSeconds
if (@($placed | Where-Object OrderId -eq $UnpayableOrderId).Count -gt 0) {
    $null = $payments | Wait-DemoQueue -DeadLetterVisibleAtLeast 1 -TimeoutSeconds $TimeoutSeconds
}
$jobs | Stop-Job
$jobs | Remove-Job

Write-DemoPhase 'checking what happened'
# Side effects per order id, from a stage's ledger (keyed biz:order_id:<id>).
function Get-EffectCount($environment) {
    $count = @{}
    $environment | Get-DemoSideEffect | ForEach-Object { $orderId = $_.Key -replace '^biz:order_id:', ''; $count[$orderId] = 1 + [int]$count[$orderId] }
    $count
}

# Payments: one event per payable order (the ledger's side effects), charged once (what the gateway itself did).
$paymentEvents = Get-EffectCount $payments
$charges = $gateway.SucceededCalls
$paidOnce = @($payable | Where-Object { $paymentEvents[$_.OrderId] -eq 1 -and $charges[$_.OrderId] -eq 1 })
New-DemoCheck 'every payable order charged once, with exactly one payment event' -Expected $payable.Count -Actual $paidOnce.Count `
    -Detail "$($paymentEvents.Count) payment event(s) for $($payable.Count) payable order(s); charges: $((@($charges.Values) | ForEach-Object { $_ }) -join ',')"
New-DemoCheck 'no payment event for the unpayable order' -Expected 0 -Actual ([int]$paymentEvents[$UnpayableOrderId])

# In order per customer: the effect log's payments, by customer, follow the order sequence.
$log = @($payments | Get-DemoEffectLog effect | ForEach-Object Value)
$outOfOrder = @()
foreach ($c in 1..$CustomerCount) {
    $expected = @($payable | Where-Object Customer -eq "c$c" | ForEach-Object OrderId)
    $actual = @($log | Where-Object { $_ -like "order-c$c-*" })
    if (($expected -join ',') -ne ($actual -join ',')) { $outOfOrder += "c${c}: $($actual -join ',')" }
}
New-DemoCheck 'payment events in order per customer' -Passed ($outOfOrder.Count -eq 0 -and $log.Count -eq $payable.Count) -Expected "each customer's payable orders in sequence" `
    -Actual $(if ($outOfOrder.Count -eq 0) { "in order ($($log.Count) logged)" } else { $outOfOrder -join '; ' })

# One notification per payable order.
$notified = Get-EffectCount $notifications
New-DemoCheck 'one notification per payable order' -Expected $payable.Count -Actual @($payable | Where-Object { $notified[$_.OrderId] -eq 1 }).Count -Detail "$($notified.Count) notified"

# The unpayable order: in the payments DLQ, after 3 receives.
$paymentsAccounting = $payments | Get-DemoAccounting
# The order worker forwards each order as "<order id>-0" (an output without an id gets the message's id and its position).
$unpayableReceives = @(Get-DemoJournal -Kind Received -QueueUrl $payments.QueueUrl | Where-Object BodyId -eq "$UnpayableOrderId-0").Count
New-DemoCheck 'the unpayable order is in the payments DLQ' -Expected @("$UnpayableOrderId-0") -Actual $paymentsAccounting.DeadLetterIds -Comparison SameSet
New-DemoCheck 'it was received maxReceiveCount times first' -Expected $MaxReceiveCount -Actual $unpayableReceives

# The breaker: it opened while the gateway was down, and the payment worker then stopped
# receiving (so stopped calling, and spent no message's receive count) until each break was over.
$outage = $gateway.Outages[0]
$opened = @(Get-DemoJournal -Kind BreakerOpened -Actor payment-worker)
$openedInOutage = @($opened | Where-Object { $_.Time -ge $outage.Start -and $_.Time -lt $outage.End })
New-DemoCheck 'the breaker opened while the gateway was down' -Passed ($openedInOutage.Count -ge 1 -and $openedInOutage.Count -eq $opened.Count) -Expected 'opened, only during the outage' `
    -Actual "$($opened.Count) opening(s), $($openedInOutage.Count) during the outage" -Detail "$($gateway.UnavailableAnswers) call(s) reached the gateway while it was down"
$paymentReceives = @(Get-DemoJournal -Kind Received -Actor payment-worker)
$receivedWhileOpen = @($paymentReceives | Where-Object { $r = $_; @($opened | Where-Object { $r.ScenarioTime -gt $_.ScenarioTime -and $r.ScenarioTime.TotalSeconds -lt $_.ScenarioTime.TotalSeconds + $BreakerBreakSeconds - 0.05 }).Count -gt 0 })
New-DemoCheck 'no receive by the payment worker while its breaker was open' -Expected 0 -Actual $receivedWhileOpen.Count
# Nothing lost: every order reached payments, every payment was paid or dead-lettered, every notification was handled.
$ordersAccounting = $orders | Get-DemoAccounting
$notificationsAccounting = $notifications | Get-DemoAccounting
$lost = $ordersAccounting.Unaccounted + $paymentsAccounting.Unaccounted + $notificationsAccounting.Unaccounted
New-DemoCheck 'no order lost' -Passed ($lost -eq 0 -and $ordersAccounting.Processed -eq $placed.Count -and $paymentsAccounting.Sent -eq $placed.Count) -Expected "$($placed.Count) orders, all accounted for" `
    -Actual "orders processed $($ordersAccounting.Processed), payments sent $($paymentsAccounting.Sent), unaccounted $lost"
$stillQueued = 0
foreach ($queue in @($orders, $payments, $notifications) | Get-DemoQueue) { $stillQueued += $queue.Visible + $queue.InFlight }
New-DemoCheck 'queues empty (visible + in flight)' -Expected 0 -Actual $stillQueued
