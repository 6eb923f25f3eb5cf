using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Web.Materials;
using TalentFunctions.Web.Security;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Web.Endpoints;

public sealed record CreatedApplication(string Id, Stage Stage, string AccessToken, DateTimeOffset Deadline, IReadOnlyDictionary<string, string> Links);

/// <summary><see cref="BlindReviewNote"/>: for a material mentors of a blind program open (script, reel), what to keep out of it.</summary>
public sealed record MaterialUploadTicket(
    string MaterialId, MaterialKind Kind, Uri UploadUrl, DateTimeOffset ExpiresAt, int SuggestedBlockSize, string UploadMethod,
    LocalizedText? BlindReviewNote = null);

public sealed record AcceptedCommand(string Id, Stage Stage, long Version);

/// <summary>The applicant's HTTP API: create, read, edit, upload materials, submit, withdraw.</summary>
public static class ApplicantApi
{
    public const string ActorApplicant = "applicant";

    /// <summary>The problem code of an upload that failed its check after the fact (and was deleted).</summary>
    public const string MaterialRejected = "material-rejected";

    public static IEndpointRouteBuilder MapApplicantApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/applications").WithTags("Applicants").RequireRateLimiting(RateLimits.Public)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("", CreateAsync).WithName("CreateApplication")
            .Accepts<CreateApplicationRequest>("application/json").ProducesProblem(400).ProducesProblem(422);
        // Everything under /{id} needs a credential for that application (ApplicantOfRouteApplication);
        // without one the answer is the same 404 as for a missing application.
        var owned = group.MapGroup("/{id}").RequireAuthorization(ApiAuthentication.ApplicantOfRouteApplicationPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound);
        owned.MapGet("", GetAsync).WithName("GetApplication");
        owned.MapPatch("", EditAsync).WithName("EditApplication").Accepts<EditApplicationRequest>("application/json").ProducesProblem(400).ProducesProblem(409).ProducesProblem(422);
        owned.MapPost("/materials", RequestMaterialAsync).WithName("RequestMaterialUpload")
            .Accepts<MaterialRequest>("application/json").ProducesProblem(400).ProducesProblem(409).ProducesProblem(422);
        owned.MapPost("/materials/{materialId}/upload-url", FreshUploadUrlAsync).WithName("RenewMaterialUploadUrl").ProducesProblem(409);
        owned.MapPost("/materials/{materialId}/complete", CompleteMaterialAsync).WithName("CompleteMaterialUpload").ProducesProblem(409).ProducesProblem(422);
        owned.MapPost("/submit", SubmitAsync).WithName("SubmitApplication").ProducesProblem(400).ProducesProblem(409).ProducesProblem(422);
        owned.MapPost("/withdraw", WithdrawAsync).WithName("WithdrawApplication").ProducesProblem(400).ProducesProblem(409).ProducesProblem(422);
        return app;
    }

    private static async Task<Results<Created<CreatedApplication>, ProblemHttpResult>> CreateAsync(
        CreateApplicationRequest input, HttpRequest request, ApplicationCommands runtime, IdempotencyClaims claims, IOptions<LinksOptions> links, CancellationToken ct)
    {
        var idempotencyKey = IdempotencyKeys.FromRequest(request, out var keyProblem);
        if (keyProblem is not null)
        {
            return keyProblem;
        }
        var v = new Validation();
        var partial = input.Partial == true;
        var programId = v.Line("programId", input.ProgramId, 100);
        var track = v.Line("track", input.Track, 100, required: !partial);
        var applicant = partial ? v.PartialApplicant("applicant", input.Applicant) : v.Applicant("applicant", input.Applicant);
        var project = partial ? v.PartialProject("project", input.Project) : v.Project("project", input.Project);
        var privacyNotice = v.Consent("consent", input.Consent);
        if (!v.IsValid)
        {
            return Problems.Validation(v.Errors);
        }
        if (runtime.Programs.Get(programId) is null)
        {
            return Problems.Validation("programId", $"There is no program '{programId}'. GET /api/programs lists them.");
        }

        string applicationId;
        string token;
        var tokens = new AccessTokens(links.Value.GetSigningKeyBytes());
        if (idempotencyKey is null)
        {
            applicationId = NewApplicationId();
            token = AccessTokens.NewToken();
        }
        else
        {
            var bodyHash = IdempotencyKeys.BodyHash(JsonSerializer.Serialize(input, ApiJson.Options));
            var claim = await claims.ClaimAsync("create", idempotencyKey, bodyHash, NewApplicationId, ct);
            if (claim.BodyHash != bodyHash)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused",
                    "This Idempotency-Key was already used for a different request.", "Use a new key for a new application.");
            }
            applicationId = claim.ApplicationId;
            token = tokens.DeriveToken(idempotencyKey, bodyHash);
        }

        var command = new CreateDraft("create", ActorApplicant, applicationId, programId, track, applicant!, project!, AccessTokens.Hash(token), partial, privacyNotice);
        var result = await runtime.ExecuteAsync(applicationId, command, ct);
        if (result is not CommandApplied applied)
        {
            return Problems.FromFailure(result);
        }
        var state = applied.State;
        var self = $"/api/applications/{applicationId}";
        var created = new CreatedApplication(applicationId, state.Stage, token, state.Deadline, new Dictionary<string, string>
        {
            ["self"] = self,
            ["materials"] = self + "/materials",
            ["submit"] = self + "/submit",
            ["status"] = $"/applications/{applicationId}",
        });
        return TypedResults.Created((string?)null, created); // no Location header, as before
    }

    private static async Task<Ok<ApplicationView>> GetAsync(string id, HttpRequest request, ApplicationQueries queries, ApplicationCommands runtime, CancellationToken ct)
    {
        var state = request.HttpContext.AuthorizedApplication();
        var history = await queries.GetHistoryAsync(id, ct);
        return TypedResults.Ok(ApplicationViews.ForApplicant(state, runtime.Programs.Get(state.ProgramId), history));
    }

    private static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> EditAsync(string id, EditApplicationRequest input, HttpRequest request, ApplicationQueries queries, ApplicationCommands runtime, CancellationToken ct)
    {
        // Merges: present fields replace (an empty text clears), absent ones are kept, nested ones too.
        var v = new Validation();
        var track = v.OptionalLine("track", input.Track, 100);
        var applicant = v.ApplicantChanges("applicant", input.Applicant);
        var project = v.ProjectChanges("project", input.Project);
        if (track is null && applicant is null && project is null)
        {
            v.Add("body", "Give at least one of track, applicant, project.");
        }
        if (!v.IsValid)
        {
            return Problems.Validation(v.Errors);
        }
        var command = new EditDraft(IdempotencyKeys.CommandId(request, "edit"), ActorApplicant, track, ApplicantChanges: applicant, ProjectChanges: project);
        var result = await runtime.ExecuteAsync(id, command, ct);
        if (result is not CommandApplied applied)
        {
            return Problems.FromFailure(result);
        }
        var history = await queries.GetHistoryAsync(id, ct);
        return TypedResults.Ok(ApplicationViews.ForApplicant(applied.State, runtime.Programs.Get(applied.State.ProgramId), history));
    }

    private static async Task<Results<Created<MaterialUploadTicket>, ProblemHttpResult>> RequestMaterialAsync(
        string id, MaterialRequest input, HttpRequest request, ApplicationCommands runtime, MaterialStorage materials, CancellationToken ct)
    {
        var v = new Validation();
        if (input.Kind is null)
        {
            v.Add("kind", "kind is required: reel, script, cv or lookbook.");
        }
        var fileName = v.Line("fileName", input.FileName, 255);
        if (fileName.IndexOfAny(['/', '\\']) >= 0 || fileName.Contains("..", StringComparison.Ordinal) || fileName.StartsWith('.'))
        {
            v.Add("fileName", "fileName must be a plain file name, without folders.");
        }
        var contentType = v.Line("contentType", input.ContentType, 100);
        if (input.Length is not > 0)
        {
            v.Add("length", "length is required: the file size in bytes.");
        }
        if (!v.IsValid)
        {
            return Problems.Validation(v.Errors);
        }

        // With an Idempotency-Key, a repeated announce names the same material (and gets a fresh URL for it).
        var key = IdempotencyKeys.FromRequest(request, out _);
        var materialId = key is null
            ? "m" + Guid.NewGuid().ToString("N")[..12]
            : "m" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..12];
        var blobName = MaterialStorage.BlobName(id, materialId, fileName);
        var command = new RequestMaterial(IdempotencyKeys.CommandId(request, "material"), ActorApplicant, materialId, input.Kind!.Value, fileName, contentType, input.Length!.Value, blobName);
        var result = await runtime.ExecuteAsync(id, command, ct);
        if (result is not CommandApplied applied)
        {
            return Problems.FromFailure(result);
        }
        if (applied.State.Materials.FirstOrDefault(m => m.MaterialId == materialId) is { } recorded)
        {
            blobName = recorded.BlobName;
        }
        var (uploadUrl, expiresAt) = await materials.UploadUrlAsync(blobName, ct);
        var ticket = new MaterialUploadTicket(materialId, input.Kind.Value, uploadUrl, expiresAt, MaterialStorage.SuggestedBlockSize, UploadMethod,
            BlindReviewNotes.For(runtime.Programs.Get(applied.State.ProgramId), input.Kind.Value));
        return TypedResults.Created((string?)null, ticket);
    }

    /// <summary>
    /// A fresh upload SAS for a material still being uploaded, for the same blob: blocks already staged (uncommitted) stay
    /// usable, so a browser whose SAS expired continues where it stopped. Issues a credential only; nothing is written.
    /// </summary>
    private static async Task<Results<Ok<MaterialUploadTicket>, ProblemHttpResult>> FreshUploadUrlAsync(
        string materialId, HttpRequest request, ApplicationCommands runtime, MaterialStorage materials, TimeProvider time, CancellationToken ct)
    {
        var state = request.HttpContext.AuthorizedApplication();
        var material = state.FindMaterial(materialId);
        if (material is null)
        {
            return Problems.NotFound("material");
        }
        if (state.Stage != Stage.Draft)
        {
            return Problems.Create(StatusCodes.Status409Conflict, RefusalCodes.NotADraft, "Only a draft takes uploads.",
                $"This application is {state.Stage}.");
        }
        if (time.GetUtcNow() > state.Deadline)
        {
            return Problems.Create(StatusCodes.Status409Conflict, RefusalCodes.DeadlinePassed, "The deadline has passed.",
                "Materials can no longer be uploaded.");
        }
        if (material.Status == MaterialStatus.Verified)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "material-already-verified", "This material is already uploaded and verified.",
                "Announce a new material (POST …/materials) to upload another file.");
        }
        var (uploadUrl, expiresAt) = await materials.UploadUrlAsync(material.BlobName, ct);
        return TypedResults.Ok(new MaterialUploadTicket(material.MaterialId, material.Kind, uploadUrl, expiresAt, MaterialStorage.SuggestedBlockSize,
            UploadMethod, BlindReviewNotes.For(runtime.Programs.Get(state.ProgramId), material.Kind)));
    }

    private const string UploadMethod = "PUT the file to uploadUrl with x-ms-blob-type: BlockBlob, or in blocks (comp=block, then comp=blocklist).";

    private static async Task<Results<Ok<MaterialView>, ProblemHttpResult>> CompleteMaterialAsync(
        string id, string materialId, HttpRequest request, ApplicationCommands runtime, MaterialStorage materials, CancellationToken ct)
    {
        var state = request.HttpContext.AuthorizedApplication();
        var material = state.FindMaterial(materialId);
        if (material is null)
        {
            return Problems.NotFound("material");
        }
        if (material.Status == MaterialStatus.Verified)
        {
            return TypedResults.Ok(new MaterialView(material.MaterialId, material.Kind, material.FileName, material.ContentType, material.Length, material.Status));
        }
        var rule = runtime.Programs.Get(state.ProgramId)?.RuleFor(material.Kind);
        if (rule is null)
        {
            return Problems.Validation("kind", "This program does not take this kind of material.");
        }
        var check = await materials.VerifyAsync(material, rule, ct);
        if (!check.Passed)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, MaterialRejected, "The uploaded file was not accepted and has been deleted.",
                string.Join(" ", check.Problems), new Dictionary<string, object?> { ["details"] = check.Problems });
        }
        var result = await runtime.ExecuteAsync(id, new AttachMaterial("attach-" + materialId, ActorApplicant, materialId, check.VerifiedLength!.Value, check.ContentType!), ct);
        if (result is not CommandApplied applied)
        {
            return Problems.FromFailure(result);
        }
        var attached = applied.State.FindMaterial(materialId)!;
        return TypedResults.Ok(new MaterialView(attached.MaterialId, attached.Kind, attached.FileName, attached.ContentType, attached.Length, attached.Status));
    }

    private static async Task<Results<Accepted<AcceptedCommand>, ProblemHttpResult>> SubmitAsync(string id, HttpRequest request, ApplicationCommands runtime, CancellationToken ct)
    {
        IdempotencyKeys.FromRequest(request, out var keyProblem);
        if (keyProblem is not null)
        {
            return keyProblem;
        }
        var result = await runtime.ExecuteAsync(id, new Submit(IdempotencyKeys.CommandId(request, "submit"), ActorApplicant), ct);
        return result is CommandApplied applied
            ? TypedResults.Accepted((string?)null, new AcceptedCommand(id, applied.State.Stage, applied.State.Version))
            : Problems.FromFailure(result);
    }

    private static async Task<Results<Accepted<AcceptedCommand>, ProblemHttpResult>> WithdrawAsync(string id, WithdrawRequest? body, ApplicationCommands runtime, CancellationToken ct)
    {
        // The body is optional; when there is one, it is read and checked like any other.
        string? reason = null;
        if (body is not null)
        {
            var v = new Validation();
            reason = v.Text("reason", body.Reason, 2000, required: false);
            if (!v.IsValid)
            {
                return Problems.Validation(v.Errors);
            }
        }
        var result = await runtime.ExecuteAsync(id, new Withdraw("withdraw", ActorApplicant, string.IsNullOrEmpty(reason) ? null : reason), ct);
        return result is CommandApplied applied
            ? TypedResults.Accepted((string?)null, new AcceptedCommand(id, applied.State.Stage, applied.State.Version))
            : Problems.FromFailure(result);
    }

    public static bool IsApplicationId(string id) =>
        id.Length is > 4 and <= 40 && id.StartsWith("app-", StringComparison.Ordinal) && id.Skip(4).All(char.IsAsciiLetterOrDigit);

    private static string NewApplicationId() => "app-" + Guid.NewGuid().ToString("N")[..20];
}
