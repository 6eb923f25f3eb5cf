using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Commands;

namespace TalentFunctions.Web.Api;

/// <summary>
/// Every error the API returns is a ProblemDetails with a stable <c>type</c> per kind of error
/// (<c>/problems/{code}</c>), so clients branch on the type, never on the message.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "/problems/";

    /// <summary>The code of a request whose fields are invalid (422, with <c>errors</c>).</summary>
    public const string ValidationFailed = "validation-failed";

    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypePrefix + code,
            Title = title,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }
        return TypedResults.Problem(problem);
    }

    /// <summary>422 with the failing fields (<c>errors</c>: field → messages).</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string code = ValidationFailed, string title = "The request has invalid fields.") =>
        Create(StatusCodes.Status422UnprocessableEntity, code, title, string.Join(" ", errors.SelectMany(e => e.Value)),
            new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what = "application") =>
        Create(StatusCodes.Status404NotFound, "not-found", $"No such {what}.", $"There is no {what} with this id, or the credentials do not grant access to it.");

    public static ProblemHttpResult MalformedJson(string detail) =>
        Create(StatusCodes.Status400BadRequest, "malformed-json", "The request body is not valid JSON of the expected shape.", detail);

    public static ProblemHttpResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, "unauthorized", "A valid staff API key is required.", "Send it in the X-Api-Key header.");

    public static ProblemHttpResult TooLarge(long limit) =>
        Create(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large.",
            $"Request bodies are limited to {limit} bytes. Materials are uploaded straight to storage through the upload URL, never through the API.");

    /// <summary>
    /// The one place domain refusals become HTTP: 404, 409 or 422 with the refusal's code. A refusal naming fields
    /// (an incomplete draft at submission) also carries <c>errors</c>: JSON path → messages, as validation problems do.
    /// </summary>
    public static ProblemHttpResult FromRefusal(Refusal refusal)
    {
        var extensions = new Dictionary<string, object?>();
        if (refusal.Details.Count > 0)
        {
            extensions["details"] = refusal.Details;
        }
        if (refusal.Fields.Count > 0)
        {
            extensions["errors"] = refusal.Fields.GroupBy(f => f.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray(), StringComparer.Ordinal);
        }
        return Create(refusal.HttpStatus, refusal.Code, refusal.Message, refusal.Details.Count == 0 ? null : string.Join("; ", refusal.Details),
            extensions.Count == 0 ? null : extensions);
    }

    /// <summary>Maps a command result that is not <see cref="CommandApplied"/>.</summary>
    public static ProblemHttpResult FromFailure(CommandResult result) => result switch
    {
        CommandRefused refused => FromRefusal(refused.Refusal),
        ApplicationNotFound => NotFound(),
        _ => throw new InvalidOperationException($"{result.GetType().Name} is not a failure."),
    };
}
