using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using TalentFunctions.Web.Api;
using TalentFunctions.Workflow;

namespace TalentFunctions.Web.Endpoints;

public sealed record HealthView(string Status);

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 otherwise.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", async Task<Results<Ok<HealthView>, ProblemHttpResult>> (OrchestrationStorage storage, CancellationToken ct) =>
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await storage.Applications.GetEntityIfExistsAsync<TableEntity>("health", "probe", cancellationToken: timeout.Token);
                return TypedResults.Ok(new HealthView("healthy"));
            }
            // The SDK reports a failed call as RequestFailedException, and retries that all failed as an AggregateException.
            catch (Exception ex) when (ex is RequestFailedException or AggregateException or OperationCanceledException)
            {
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "storage-unavailable", "Storage does not answer.");
            }
        }).WithName("Health").WithTags("Health").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
