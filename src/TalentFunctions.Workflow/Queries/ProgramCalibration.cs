using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Queries;

/// <summary>
/// A program's calibration (ADR 0010): the statistics of its cycle's reviews (<see cref="CalibrationModel"/>, from the
/// counters: ADR 0019) and the rubric that weighs each review. An application's calibrated score is shown once its
/// weighted score is, when its reviews are complete; every submitted review counts for its mentor before that.
/// </summary>
public sealed class ProgramCalibration(ProgramDefinition? program, CalibrationModel model)
{
    /// <summary>No calibration known: every calibrated score is missing.</summary>
    public static readonly ProgramCalibration None = new(null, CalibrationModel.Empty);

    public CalibrationModel Model => model;

    public double? For(ApplicationSummary application) => Score(application.WeightedScore, application.Reviews);

    public double? For(ApplicationState application) =>
        Score(application.WeightedScore, [.. application.CompletedAssignments().Select(a => new ReviewScores(a.MentorId, a.Review!.Scores))]);

    private double? Score(double? weightedScore, IReadOnlyList<ReviewScores>? reviews)
    {
        if (weightedScore is null || program is null || reviews is null)
        {
            return null;
        }
        return model.Application(reviews
            .Select(r => (r.MentorId, Score: ApplicationDecider.ReviewScore(program.Rubric, r.Scores)))
            .Where(r => r.Score is not null)
            .Select(r => (r.MentorId, r.Score!.Value)));
    }
}
