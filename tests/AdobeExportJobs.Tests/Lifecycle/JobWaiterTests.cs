using AdobeExportJobs.Client;
using AdobeExportJobs.Model;
using Xunit;

namespace AdobeExportJobs.Tests.Lifecycle;

/// <summary>The polling engine on its own, with scripted job states and a fake clock: no HTTP, no real sleeping.</summary>
public class JobWaiterTests
{
    /// <summary>Jobs whose status follows a script: the status at a given (fake) time.</summary>
    private sealed class ScriptedService
    {
        private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        private readonly Dictionary<long, Func<TimeSpan, string>> _statusAt = new();
        private readonly Dictionary<long, double> _finishAt = new();
        private readonly object _gate = new();
        private int _inFlight;

        public TimeSpan Now { get; set; }
        public List<TimeSpan> Pauses { get; } = new();
        public int MaxInFlight { get; private set; }
        public int Reads { get; private set; }
        public Dictionary<long, int> ReadsById { get; } = new();
        public Func<long, AepApiException> Failure { get; set; } = _ => null;

        public void Add(long id, Func<TimeSpan, string> statusAt) => _statusAt[id] = statusAt;

        public void FinishAt(long id, double seconds, string final = "SUCCEEDED")
        {
            _finishAt[id] = seconds;
            Add(id, now => now.TotalSeconds >= seconds ? final : now.TotalSeconds >= seconds / 4 ? "PROCESSING" : "NEW");
        }

        public async Task<ExportJobRecord> GetAsync(long id, CancellationToken token)
        {
            lock (_gate) { _inFlight++; MaxInFlight = Math.Max(MaxInFlight, _inFlight); Reads++; ReadsById[id] = ReadsById.GetValueOrDefault(id) + 1; }
            try
            {
                await Task.Delay(5, token);
                var failure = Failure(id);
                if (failure != null) throw failure;
                if (!_statusAt.TryGetValue(id, out var statusAt)) throw new AepApiException(AepErrorKind.HttpError, "not found") { StatusCode = 404 };
                var status = statusAt(Now);
                // A finished job's updateTime is when it finished, as the service has it.
                var updated = ExportJobStatus.IsFinal(status) && _finishAt.TryGetValue(id, out var seconds) ? Start.AddSeconds(seconds) : (DateTimeOffset?)null;
                return new ExportJobRecord { Id = id, Status = status, UpdateTime = updated };
            }
            finally
            {
                lock (_gate) _inFlight--;
            }
        }

        public JobWaiter Waiter(JobWaitOptions options) => new(GetAsync, options)
        {
            StartClock = () => () => Now,
            Pause = (pause, token) =>
            {
                token.ThrowIfCancellationRequested();
                Pauses.Add(pause);
                Now += pause;
                return Task.CompletedTask;
            },
        };
    }

    private sealed class Recorder : IJobWaitObserver
    {
        public List<ExportJobRecord> Finished { get; } = new();
        public List<long> Lost { get; } = new();
        public List<long> PollFailures { get; } = new();
        public List<JobWaitProgress> Rounds { get; } = new();

        public void OnFinished(ExportJobRecord job) => Finished.Add(job);
        public void OnLost(long id, AepApiException error) => Lost.Add(id);
        public void OnPollFailed(long id, AepApiException error) => PollFailures.Add(id);
        public void OnRound(JobWaitProgress progress) => Rounds.Add(progress);
    }

    [Theory]
    [InlineData(0, 250)]
    [InlineData(1, 250)]
    [InlineData(2, 400)]
    [InlineData(30, 6000)]
    [InlineData(3600, 10000)]
    public void The_adaptive_interval_is_a_fifth_of_the_wait_between_250_ms_and_10_s(double elapsedSeconds, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), JobWaiter.AdaptiveInterval(TimeSpan.FromSeconds(elapsedSeconds)));
    }

    [Fact]
    public async Task Jobs_are_reported_in_the_order_they_finish_and_pauses_grow_with_the_wait()
    {
        var service = new ScriptedService();
        service.FinishAt(1, 40);
        service.FinishAt(2, 3, "FAILED");
        service.FinishAt(3, 10, "CANCELLED");
        var recorder = new Recorder();
        var result = await service.Waiter(new JobWaitOptions()).WaitAsync(new long[] { 1, 2, 3 }, recorder, CancellationToken.None);

        Assert.Equal(new long[] { 2, 3, 1 }, recorder.Finished.Select(j => j.Id));
        Assert.Equal(new[] { "FAILED", "CANCELLED", "SUCCEEDED" }, recorder.Finished.Select(j => j.Status));
        Assert.False(result.TimedOut);
        Assert.Empty(result.Unfinished);
        Assert.Equal(service.Pauses.OrderBy(p => p), service.Pauses);
        Assert.Equal(TimeSpan.FromMilliseconds(250), service.Pauses[0]);
        Assert.True(service.Pauses[^1] >= TimeSpan.FromSeconds(5));
        // Seen finished within a fifth of its duration (plus one minimal pause): adaptive, yet not late.
        Assert.True(service.Now.TotalSeconds < 40 * 1.2 + 0.25, $"ended at {service.Now}");
        // A finished job is not read again: the last to finish was read in every round, the others fewer times.
        Assert.Equal(result.Rounds, service.ReadsById[1]);
        Assert.True(service.ReadsById[2] < service.ReadsById[3] && service.ReadsById[3] < service.ReadsById[1]);
    }

    [Fact]
    public async Task A_status_the_module_does_not_know_is_not_final()
    {
        var service = new ScriptedService();
        service.Add(7, now => now.TotalSeconds < 5 ? "ARCHIVING" : "SUCCEEDED");
        var recorder = new Recorder();
        await service.Waiter(new JobWaitOptions { PollInterval = TimeSpan.FromSeconds(1) }).WaitAsync(new long[] { 7 }, recorder, CancellationToken.None);
        Assert.Equal("SUCCEEDED", Assert.Single(recorder.Finished).Status);
        Assert.Contains(recorder.Rounds, r => r.Pending.Single().Value == "ARCHIVING");
        Assert.All(service.Pauses, p => Assert.Equal(TimeSpan.FromSeconds(1), p));
    }

    [Fact]
    public async Task Passing_failures_are_polled_again_and_Retry_After_stretches_the_pause()
    {
        var service = new ScriptedService();
        service.FinishAt(1, 2);
        int calls = 0;
        service.Failure = id => ++calls <= 2
            ? new AepApiException(AepErrorKind.HttpError, "throttled") { StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(4) }
            : null;
        var recorder = new Recorder();
        var result = await service.Waiter(new JobWaitOptions()).WaitAsync(new long[] { 1 }, recorder, CancellationToken.None);
        Assert.Equal(new long[] { 1, 1 }, recorder.PollFailures);
        Assert.Equal(new[] { TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4) }, service.Pauses.Take(2));
        Assert.Single(recorder.Finished);
        Assert.Empty(result.Lost);
    }

    [Fact]
    public async Task A_job_that_cannot_be_read_is_given_up_while_the_others_are_waited_for()
    {
        var service = new ScriptedService();
        service.FinishAt(1, 1);
        var recorder = new Recorder();
        var result = await service.Waiter(new JobWaitOptions()).WaitAsync(new long[] { 99, 1 }, recorder, CancellationToken.None);
        Assert.Equal(new long[] { 99 }, recorder.Lost);
        Assert.Equal(new long[] { 99 }, result.Lost);
        Assert.Equal(1, Assert.Single(recorder.Finished).Id);
    }

    [Fact]
    public async Task Timeout_ends_the_wait_at_the_deadline_with_the_last_known_states()
    {
        var service = new ScriptedService();
        service.FinishAt(1, 30);
        service.FinishAt(2, 2);
        var recorder = new Recorder();
        var result = await service.Waiter(new JobWaitOptions { Timeout = TimeSpan.FromSeconds(10) }).WaitAsync(new long[] { 1, 2 }, recorder, CancellationToken.None);
        Assert.True(result.TimedOut);
        Assert.Equal(TimeSpan.FromSeconds(10), service.Now);
        var unfinished = Assert.Single(result.Unfinished);
        Assert.Equal(1, unfinished.Key);
        Assert.Equal("PROCESSING", unfinished.Value.Status);
        Assert.Equal(2, Assert.Single(recorder.Finished).Id);
    }

    [Fact]
    public async Task Any_stops_at_the_first_round_in_which_a_job_finished()
    {
        var service = new ScriptedService();
        service.FinishAt(1, 100);
        service.FinishAt(2, 5);
        service.FinishAt(3, 50);
        var recorder = new Recorder();
        var result = await service.Waiter(new JobWaitOptions { Any = true }).WaitAsync(new long[] { 1, 2, 3 }, recorder, CancellationToken.None);
        Assert.Equal(2, Assert.Single(recorder.Finished).Id);
        Assert.False(result.TimedOut);
        Assert.Equal(new long[] { 1, 3 }, result.Unfinished.Select(u => u.Key));
        Assert.True(service.Now < TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Any_returns_one_job_of_several_found_finished_in_the_same_round_the_earliest_updated()
    {
        var service = new ScriptedService();
        // Five jobs that all finish between two polls two seconds apart; job 14 finishes first, 11 and 13 tie later.
        service.FinishAt(11, 1.3);
        service.FinishAt(12, 1.5);
        service.FinishAt(13, 1.3);
        service.FinishAt(14, 1.1);
        service.FinishAt(15, 1.9, "FAILED");
        var recorder = new Recorder();
        var result = await service.Waiter(new JobWaitOptions { Any = true, PollInterval = TimeSpan.FromSeconds(2) })
            .WaitAsync(new long[] { 15, 11, 12, 13, 14 }, recorder, CancellationToken.None);

        Assert.Equal(2, result.Rounds);
        Assert.Equal(14, Assert.Single(recorder.Finished).Id);
        Assert.Equal(14, Assert.Single(result.Finished).Id);
        // The four others are not reported; the result keeps their last state, which is final.
        Assert.Equal(new long[] { 15, 11, 12, 13 }, result.Unfinished.Select(u => u.Key));
        Assert.All(result.Unfinished, u => Assert.True(u.Value.IsFinished));
    }

    [Fact]
    public async Task Any_breaks_a_tie_of_update_times_by_the_lower_id()
    {
        var service = new ScriptedService();
        service.FinishAt(22, 1.3);
        service.FinishAt(21, 1.3);
        service.FinishAt(23, 1.6);
        var recorder = new Recorder();
        await service.Waiter(new JobWaitOptions { Any = true, PollInterval = TimeSpan.FromSeconds(2) })
            .WaitAsync(new long[] { 23, 22, 21 }, recorder, CancellationToken.None);
        Assert.Equal(21, Assert.Single(recorder.Finished).Id);
    }

    [Fact]
    public async Task Without_Any_every_job_found_finished_in_a_round_is_reported_in_the_order_given()
    {
        var service = new ScriptedService();
        service.FinishAt(32, 1.5);
        service.FinishAt(31, 1.1);
        var recorder = new Recorder();
        await service.Waiter(new JobWaitOptions { PollInterval = TimeSpan.FromSeconds(2) }).WaitAsync(new long[] { 32, 31 }, recorder, CancellationToken.None);
        Assert.Equal(new long[] { 32, 31 }, recorder.Finished.Select(j => j.Id));
    }

    [Fact]
    public async Task One_round_reads_the_jobs_concurrently_but_no_more_than_the_limit_at_once()
    {
        var service = new ScriptedService();
        for (long id = 1; id <= 40; id++) service.FinishAt(id, 1 + id % 3);
        var recorder = new Recorder();
        await service.Waiter(new JobWaitOptions { MaxConcurrentRequests = 6 }).WaitAsync(Enumerable.Range(1, 40).Select(i => (long)i), recorder, CancellationToken.None);
        Assert.Equal(40, recorder.Finished.Count);
        Assert.InRange(service.MaxInFlight, 2, 6);
    }

    [Fact]
    public async Task Cancellation_ends_the_wait_with_OperationCanceledException()
    {
        var service = new ScriptedService();
        service.FinishAt(1, 1000);
        using var cancel = new CancellationTokenSource();
        var recorder = new Recorder();
        var waiter = service.Waiter(new JobWaitOptions());
        var inner = waiter.Pause;
        waiter.Pause = (pause, token) =>
        {
            if (service.Pauses.Count == 3) cancel.Cancel();
            return inner(pause, token);
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(new long[] { 1 }, recorder, cancel.Token));
        Assert.Equal(3, service.Pauses.Count);
    }
}
