"""The whole RabbitMQ topology of onewindow, in one place.

One durable topic exchange carries every event, routed by its CloudEvents `type`. Each consumer
group owns one quorum queue bound to the event types it handles, one holding queue per retry
attempt (messages wait there for their delay, then dead-letter back to the group's queue), and a
dead-letter queue where exhausted or unprocessable messages stay for inspection.

Every service declares the whole topology when it connects, so an event published before its
consumers ever started is still routed to their queues and waits there.
"""

from dataclasses import dataclass

# Consumer group -> the event types it is bound to. Add a binding here, nowhere else.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "deadlines": ("application.received", "application.resubmitted", "case.accepted",
                  "case.deemed_accepted", "case.materials_completed",
                  "correction.requested", "application.rejected", "case.suspended",
                  "case.resumed", "case.extension_approved", "case.completed",
                  "case.cancelled", "case.withdrawn",
                  # the other limits' clocks (services/deadlines/clocks/limits.py)
                  "inquiry.reply_due", "inquiry.answered", "joint.opinion_requested",
                  "joint.opinion_given", "case.handed_over", "case.step_completed",
                  "complaint.received", "complaint.extension_approved", "complaint.answered",
                  "complaint.reinvestigation_opened", "complaint.reinvestigation_extended",
                  "complaint.reinvestigation_concluded",
                  "petition.received", "petition.extension_approved", "petition.answered",
                  "sanction.decided", "appeal.filed", "appeal.answered",
                  # the contact clock of appointments (003 预约办理制)
                  "appointment.booked", "appointment.contacted", "appointment.cancelled",
                  "appointment.arrived", "appointment.no_show_recorded"),
    "deadlines-statistics": ("clock.completed", "clock.red_card", "clock.cancelled",
                             "clock.rescheduled", "clock.extended", "clock.suspended"),
    "oversight": ("application.received",  # a case's printed number (ledger/)
                  "case.accepted", "case.deemed_accepted", "case.completed", "case.withdrawn",
                  "case.cancelled", "case.decided", "clock.started",
                  # electronic supervision's triggers (services/oversight/supervision)
                  "clock.red_card", "clock.yellow_card", "correction.repeated",
                  "extension.refused_late", "rating.poor", "application.rejected",
                  "complaint.repeated", "duty_roster.gap_found",
                  "attendance.absent_without_leave", "inspection.finding_recorded",
                  # the staff roll: who leads and joins a week's inspection (oversight/roll)
                  "staff.registered",
                  # retaliation against complainants (services/oversight/retaliation)
                  "complaint.received", "correction.requested",
                  # the cards now, by department (services/oversight/cards)
                  "clock.completed", "clock.cancelled", "clock.extended", "clock.restarted",
                  "clock.rescheduled", "clock.suspended"),
    # the monitoring office's figures (services/oversight/dashboard): oversight's own events,
    # intake's completions and ratings
    "oversight-dashboard": ("complaint.received", "complaint.declined", "complaint.concluded",
                            "complaint.repeated", "supervision_case.opened",
                            "supervision_case.verified", "supervision_case.dismissed",
                            "finding.opened", "sanction.decided", "rating.given",
                            "rating.defaulted",
                            "case.completed", "clock.completed",
                            "responsibility.allocated",
                            # attendance in the scorecard (001 考勤制度: published monthly)
                            "attendance.signed_in", "attendance.absent_without_leave",
                            "leave.approved", "attendance.month_published",
                            "inspection.finding_recorded"),
    # the staff directory keeps the identity provider's users (services/intake/directory)
    "intake-realm": ("staff.registered",),
    # an approved leave makes the B post (or the stand-in) act (services/intake/attendance)
    "intake-attendance": ("leave.approved", "leave.ended"),
    # other departments' systems: every event, for the webhook subscribers who want it
    # (services/oversight/webhooks); so nothing the services publish is left unrouted now
    "oversight-webhooks": ("#",),
    "intake": ("clock.deemed_overdue", "clock.started", "clock.suspended", "clock.resumed",
               "clock.extended", "clock.rescheduled"),
}

# Events nobody subscribes to yet (other departments may bind later) are not lost or bounced:
# the exchange's alternate exchange parks them in a bounded queue for inspection.
UNROUTED_EXCHANGE = "onewindow.unrouted"
UNROUTED_QUEUE = "onewindow.unrouted"
UNROUTED_MAX_LENGTH = 100_000

# A message redelivered this often without an ack (a consumer that crashes on it) is
# dead-lettered by the broker itself: bounded even when our own retry logic never runs.
DELIVERY_LIMIT = 10


@dataclass(frozen=True)
class GroupQueues:
    group: str
    max_retries: int

    @property
    def main(self) -> str:
        return f"{self.group}.events"

    @property
    def dead_letter(self) -> str:
        return f"{self.group}.events.dlq"

    def retry(self, attempt: int) -> str:
        """Holding queue for the `attempt`-th retry (1-based)."""
        return f"{self.group}.events.retry.{attempt}"


async def declare(channel, exchange_name: str, max_retries: int):
    """Declare exchange, queues and bindings; idempotent, run by every service on connect.

    Returns the exchange and each group's main queue (to consume from).
    """
    import aio_pika

    unrouted = await channel.declare_exchange(
        UNROUTED_EXCHANGE, aio_pika.ExchangeType.FANOUT, durable=True
    )
    parked = await channel.declare_queue(
        UNROUTED_QUEUE, durable=True,
        arguments={"x-queue-type": "quorum", "x-max-length": UNROUTED_MAX_LENGTH},
    )
    await parked.bind(unrouted)
    exchange = await channel.declare_exchange(
        exchange_name, aio_pika.ExchangeType.TOPIC, durable=True,
        arguments={"alternate-exchange": UNROUTED_EXCHANGE},
    )
    main_queues = {}
    for group, event_types in SUBSCRIPTIONS.items():
        q = GroupQueues(group, max_retries)
        await channel.declare_queue(
            q.dead_letter, durable=True, arguments={"x-queue-type": "quorum"}
        )
        main = await channel.declare_queue(
            q.main,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-delivery-limit": DELIVERY_LIMIT,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": q.dead_letter,
            },
        )
        for attempt in range(1, max_retries + 1):
            # Classic queues: per-message TTL (the backoff delay) is what they are for here.
            await channel.declare_queue(
                q.retry(attempt),
                durable=True,
                arguments={
                    "x-queue-type": "classic",
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": q.main,
                },
            )
        for event_type in event_types:
            await main.bind(exchange, routing_key=event_type)
        main_queues[group] = main
    return exchange, main_queues
